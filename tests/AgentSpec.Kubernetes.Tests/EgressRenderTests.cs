using System.Text.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s;
using k8s.Models;

namespace AgentSpec.Kubernetes.Tests;

/// <summary>
/// Issue 19: a group with egress renders AgentSpec's gateway as a workload of its own (policy ConfigMap from the same plan,
/// Deployment, Service, NetworkPolicy), the agent Pod reaches only that gateway, and the gateway only the declared ports.
/// Every rendering is read back strictly through the official models; the gateway Pod must pass Pod Security restricted.
/// </summary>
public sealed class EgressRenderTests
{
    private const string Install = "0123456789ab";

    private static readonly GroupPlan Main = Manifests.Plan("main", network: NetworkMode.Gateway) with
    {
        Egress = new EquatableArray<EgressRule>(new[]
        {
            new EgressRule("api.anthropic.com", 443, "anthropic"),
            new EgressRule("*.github.com", 443, null),
            new EgressRule("registry.internal.example", 8443, null) { AllowPrivate = true },
        }),
    };

    private static readonly GroupPlan Plain = Manifests.Plan("plain", network: NetworkMode.Gateway) with
    {
        Egress = new EquatableArray<EgressRule>(new[] { new EgressRule("pypi.org", 443, null) }),
    };

    private static RenderOptions Options => new(VolumeMode.Claims, Install, "/data/root", "/home/op") { Session = "s1", GatewayImage = "example/gw:1" };

    private static IReadOnlyList<object> Render(params GroupPlan[] plans) =>
        Manifests.RoundTrip(ManifestWriter.Write(KubernetesRenderer.Render(plans, Options), "test"));

    [Fact]
    public void The_policy_configmap_is_the_plans_egress_in_the_gateway_contract()
    {
        var map = Render(Main).OfType<V1ConfigMap>().Single(m => m.Metadata.Name == "agentspec-main-s1-gateway");
        Assert.Equal(
            """{"group":"main","session":"s1","destinations":[{"host":"api.anthropic.com","port":443,"credential":"anthropic"},"""
                + """{"host":"*.github.com","port":443},{"host":"registry.internal.example","port":8443,"private":true}]}""",
            map.Data["policy.json"]);
        using var parsed = JsonDocument.Parse(map.Data["policy.json"]);
        Assert.Equal(3, parsed.RootElement.GetProperty("destinations").GetArrayLength());
    }

    [Fact]
    public void The_gateway_runs_the_contract_command_from_the_given_image_and_passes_pod_security_restricted()
    {
        var documents = Render(Main);
        var deployment = documents.OfType<V1Deployment>().Single();
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("example/gw:1", container.Image);
        Assert.Equal(
            ["agentspec", "gateway", "--policy", "/etc/agentspec-gateway/policy.json", "--credentials",
                "/etc/agentspec-gateway/credentials/credentials.json", "--listen", "0.0.0.0:3128"],
            container.Command);
        Assert.Empty(PodSecurityRestricted.Violations(deployment.Spec.Template.Spec));
        Assert.DoesNotContain(KubernetesLabels.Group, deployment.Spec.Template.Metadata.Labels.Keys);

        // The credentials come from the operator's Secret, projected read-only beside the policy; no value is rendered anywhere.
        var projected = Assert.Single(deployment.Spec.Template.Spec.Volumes).Projected;
        var secret = projected.Sources.Single(s => s.Secret is not null).Secret;
        Assert.Equal(("agentspec-credentials", "credentials.json", "credentials/credentials.json"), (secret.Name, Assert.Single(secret.Items).Key, secret.Items[0].Path));
        Assert.Equal("policy.json", Assert.Single(projected.Sources.Single(s => s.ConfigMap is not null).ConfigMap.Items).Path);
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/etc/agentspec-gateway" && m.ReadOnlyProperty == true);
        Assert.Equal(65534, deployment.Spec.Template.Spec.SecurityContext.FsGroup);
        Assert.DoesNotContain(documents, d => d is V1Secret);

        var service = documents.OfType<V1Service>().Single();
        Assert.Equal(("agentspec-main-s1-gateway", 3128), (service.Metadata.Name, Assert.Single(service.Spec.Ports).Port));
        Assert.Equal(deployment.Spec.Selector.MatchLabels, service.Spec.Selector);
    }

    [Fact]
    public void Without_a_credential_the_gateway_references_no_secret()
    {
        var deployment = Render(Plain).OfType<V1Deployment>().Single();
        Assert.Null(Assert.Single(deployment.Spec.Template.Spec.Volumes).Projected);
        Assert.Null(deployment.Spec.Template.Spec.SecurityContext.FsGroup);
    }

    [Fact]
    public void The_agent_reaches_only_its_gateway_pods_and_its_proxy_variables_name_the_gateway_service()
    {
        var documents = Render(Main);
        var agentPolicy = documents.OfType<V1NetworkPolicy>().Single(p => p.Metadata.Name == "agentspec-main-network");
        var rule = Assert.Single(agentPolicy.Spec.Egress);
        Assert.Equal("3128", Assert.Single(rule.Ports).Port.Value);
        var deployment = documents.OfType<V1Deployment>().Single();
        Assert.Equal(deployment.Spec.Selector.MatchLabels, Assert.Single(rule.To).PodSelector.MatchLabels);
        Assert.Empty(agentPolicy.Spec.Ingress);

        var (_, spec) = Manifests.PodSpecs(documents).Single();
        var env = spec.Containers.Single().Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("http://$(AGENTSPEC_MAIN_S1_GATEWAY_SERVICE_HOST):3128", env["HTTPS_PROXY"]);
        Assert.Equal(env["HTTPS_PROXY"], env["HTTP_PROXY"]);
        Assert.Equal("localhost,127.0.0.1", env["NO_PROXY"]);
        Assert.True(spec.EnableServiceLinks);

        // Apply order: the Service exists before the agent Pod, whose service links name it.
        var kinds = documents.Cast<IKubernetesObject<V1ObjectMeta>>().Select(d => d.Kind).ToList();
        Assert.True(kinds.IndexOf(V1Service.KubeKind) < kinds.IndexOf(V1Pod.KubeKind), string.Join(",", kinds));
    }

    [Fact]
    public void The_gateway_reaches_only_dns_and_the_declared_ports_and_private_ranges_only_where_declared()
    {
        var policy = Render(Main).OfType<V1NetworkPolicy>().Single(p => p.Metadata.Name == "agentspec-main-s1-gateway");
        Assert.Equal(["Ingress", "Egress"], policy.Spec.PolicyTypes);
        var from = Assert.Single(Assert.Single(policy.Spec.Ingress).FromProperty).PodSelector.MatchLabels;
        Assert.Equal("main", from[KubernetesLabels.Group]);

        var ports = policy.Spec.Egress.Select(r => string.Join(",", r.Ports.Select(p => p.Protocol + "/" + p.Port.Value))).ToList();
        Assert.Equal(["UDP/53,TCP/53", "TCP/443", "TCP/8443"], ports);
        var https = policy.Spec.Egress[1].To;
        Assert.Contains(https, p => p.IpBlock is { Cidr: "0.0.0.0/0" } block && block.Except.Contains("169.254.0.0/16") && block.Except.Contains("10.0.0.0/8"));
        Assert.Contains(https, p => p.IpBlock is { Cidr: "::/0" } block && block.Except.Contains("fc00::/7"));
        // registry.internal.example says private: true: its port is open to every address, and the gateway checks the name.
        Assert.Null(policy.Spec.Egress[2].To);
    }

    [Fact]
    public void A_group_without_egress_renders_no_gateway()
    {
        var documents = Render(Manifests.Plan("quiet"));
        Assert.DoesNotContain(documents, d => d is V1Deployment);
        Assert.Empty(documents.OfType<V1NetworkPolicy>().Single().Spec.Egress);
        Assert.DoesNotContain(Manifests.PodSpecs(documents).Single().Spec.Containers.Single().Env, e => e.Name == "HTTPS_PROXY");
    }
}
