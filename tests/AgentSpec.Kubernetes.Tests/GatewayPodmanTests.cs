using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s;
using k8s.Models;

namespace AgentSpec.Kubernetes.Tests;

/// <summary>
/// Issue 19: the rendered gateway Deployment and its policy ConfigMap played by `podman kube play` as rendered (user,
/// read-only root, volumes), with only the image and command swapped for the test image reading what the gateway reads:
/// policy.json arrives at the contract's path, readable by the gateway's non-root user, byte for byte from the plan.
/// </summary>
public sealed class GatewayPodmanTests
{
    [Fact]
    public async Task The_gateway_pod_reads_the_plans_policy_at_the_contract_path()
    {
        var id = "k8sg" + Guid.NewGuid().ToString("N")[..8];
        var plan = Manifests.Plan(id, network: NetworkMode.Gateway) with
        {
            Egress = new EquatableArray<EgressRule>(new[] { new EgressRule("api.example.test", 443, null), new EgressRule("*.example.org", 8443, null) }),
        };
        var options = new RenderOptions(VolumeMode.HostPath, "0123456789ab", "/nonexistent-data-root", HostPaths.DefaultHome);
        var documents = Manifests.RoundTrip(ManifestWriter.Write(KubernetesRenderer.Render([plan], options), "podman gateway test"));
        var map = documents.OfType<V1ConfigMap>().Single(m => m.Data.ContainsKey("policy.json"));
        var deployment = documents.OfType<V1Deployment>().Single();
        var container = deployment.Spec.Template.Spec.Containers.Single();
        Assert.Equal(GatewayWorkload.PolicyFile, container.Command[3]);
        container.Image = "agentspec/agent:latest";
        container.Command = ["sh", "-c", "id -u; cat " + GatewayWorkload.PolicyFile];
        deployment.Spec.Template.Spec.RestartPolicy = "Never";

        var file = Path.Join(Path.GetTempPath(), id + ".yaml");
        await File.WriteAllTextAsync(file, KubernetesYaml.Serialize(map).TrimEnd('\n') + "\n---\n" + KubernetesYaml.Serialize(deployment));
        var pod = deployment.Metadata.Name + "-pod-0";
        try
        {
            var play = await Podman.RunAsync("kube", "play", "--network", "none", file);
            Assert.True(play.ExitCode == 0, "podman kube play failed: " + play);
            var wait = await Podman.RunAsync("wait", pod + "-" + GatewayWorkload.ContainerName);
            Assert.True(wait.ExitCode == 0, "podman wait failed: " + wait);
            var logs = await Podman.RunAsync("logs", pod + "-" + GatewayWorkload.ContainerName);
            Assert.Equal("0", wait.Output.Trim());
            Assert.Equal("65534\n" + GatewayPolicy.From(plan, HostManagedMounts.DefaultSession).ToJson(), logs.Output + logs.Error);
        }
        finally
        {
            await Podman.RunAsync("pod", "rm", "--force", "--ignore", pod);
            await Podman.RunAsync("volume", "rm", "--force", map.Metadata.Name);
            File.Delete(file);
        }
    }
}
