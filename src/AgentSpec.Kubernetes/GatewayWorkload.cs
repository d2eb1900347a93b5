using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>
/// AgentSpec's egress gateway for one group session with egress (<see cref="NetworkMode.Gateway"/>), as a workload of
/// its own: the policy ConfigMap (from the same plan), a one-replica Deployment, its Service, and its NetworkPolicy
/// (ingress only from the group's agent Pods, egress only to DNS and the declared ports). The agent Pod's own
/// NetworkPolicy lets it reach only these Pods on <see cref="Port"/> (<see cref="AgentEgress"/>).
/// </summary>
internal static class GatewayWorkload
{
    public const string DefaultImage = "agentspec/gateway:latest";

    public const int Port = 3128;

    public const string ContainerName = "gateway";

    public const string ConfigFolder = "/etc/agentspec-gateway";

    public const string PolicyFile = ConfigFolder + "/policy.json";

    public const string CredentialsFolder = ConfigFolder + "/credentials";

    /// <summary>The operator's Secret with the credential values (key <see cref="CredentialsKey"/>), never rendered: only referenced.</summary>
    public const string CredentialsSecret = KubernetesNames.Prefix + "-credentials";

    public const string CredentialsKey = "credentials.json";

    /// <summary>The label the gateway Pods carry (the group id): not agentspec.group, so the agent Pods' NetworkPolicy never selects them.</summary>
    public const string GatewayLabel = "agentspec.gateway";

    /// <summary>The gateway's uid and gid (nobody): never root, and the group the credentials Secret's files are readable by.</summary>
    public const long User = 65534;

    /// <summary>The contract with `agentspec gateway` (the gateway's own command line).</summary>
    public static IReadOnlyList<string> Command { get; } = new[]
    {
        "agentspec", "gateway", "--policy", PolicyFile, "--credentials", CredentialsFolder + "/" + CredentialsKey, "--listen", "0.0.0.0:" + Port,
    };

    /// <summary>The Service (and Deployment, ConfigMap, NetworkPolicy) name of the group session's gateway.</summary>
    public static string Name(GroupPlan plan, string session) => KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, session, "gateway");

    /// <summary>What the agent's proxy variables point at: the Service's address from its service links (no DNS, which the agent may not reach).</summary>
    public static string ProxyUrl(GroupPlan plan, string session) =>
        $"http://$({Name(plan, session).ToUpperInvariant().Replace('-', '_')}_SERVICE_HOST):{Port}";

    /// <summary>The gateway Pods' labels: install, managed-by, session and <see cref="GatewayLabel"/>.</summary>
    public static Dictionary<string, string> PodLabels(GroupPlan plan, RenderOptions options) => new()
    {
        [KubernetesLabels.Install] = options.InstallId,
        [KubernetesLabels.ManagedBy] = KubernetesLabels.ManagedByValue,
        [GatewayLabel] = plan.Id,
        [KubernetesLabels.Session] = options.Session,
    };

    /// <summary>The agent Pod's only egress: the group session's gateway Pods on <see cref="Port"/>.</summary>
    public static List<V1NetworkPolicyEgressRule> AgentEgress(GroupPlan plan, RenderOptions options) => new()
    {
        new()
        {
            To = new List<V1NetworkPolicyPeer> { new() { PodSelector = new V1LabelSelector { MatchLabels = Selector(plan, options) } } },
            Ports = new List<V1NetworkPolicyPort> { new() { Protocol = "TCP", Port = Port } },
        },
    };

    /// <summary>ConfigMap, Service, NetworkPolicy, Deployment, in apply order (the Service before the agent Pod, whose service links name it).</summary>
    public static IEnumerable<RenderedObject> Render(GroupPlan plan, RenderOptions options, NameRegistry names, string workload)
    {
        var name = Name(plan, options.Session);
        var owner = $"group '{plan.Id}' session '{options.Session}' gateway";
        var labels = PodLabels(plan, options);
        yield return new RenderedObject(PolicyMap(plan, options, names.Claim(V1ConfigMap.KubeKind, name, owner), labels), workload);
        yield return new RenderedObject(Service(plan, options, names.Claim(V1Service.KubeKind, name, owner), labels), workload);
        yield return new RenderedObject(GatewayNetworkPolicy.Create(plan, options, names.Claim(V1NetworkPolicy.KubeKind, name, owner), labels), workload);
        yield return new RenderedObject(Deployment(plan, options, names.Claim(V1Deployment.KubeKind, name, owner), labels), workload);
    }

    /// <summary>The gateway Pods of this group session (what the agent may reach and the gateway's own policy selects).</summary>
    public static Dictionary<string, string> Selector(GroupPlan plan, RenderOptions options) => new()
    {
        [KubernetesLabels.Install] = options.InstallId,
        [GatewayLabel] = plan.Id,
        [KubernetesLabels.Session] = options.Session,
    };

    private static V1ConfigMap PolicyMap(GroupPlan plan, RenderOptions options, string name, Dictionary<string, string> labels) => new()
    {
        ApiVersion = V1ConfigMap.KubeApiVersion,
        Kind = V1ConfigMap.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { [Path.GetFileName(PolicyFile)] = GatewayPolicy.From(plan, options.Session).ToJson() },
    };

    private static V1Service Service(GroupPlan plan, RenderOptions options, string name, Dictionary<string, string> labels) => new()
    {
        ApiVersion = V1Service.KubeApiVersion,
        Kind = V1Service.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Spec = new V1ServiceSpec
        {
            Selector = Selector(plan, options),
            Ports = new List<V1ServicePort> { new() { Name = "proxy", Protocol = "TCP", Port = Port, TargetPort = Port } },
        },
    };

    private static V1Deployment Deployment(GroupPlan plan, RenderOptions options, string name, Dictionary<string, string> labels)
    {
        var credentials = plan.Egress.Any(e => e.Credential is not null);
        var volumes = new List<V1Volume> { ConfigVolume(name, credentials) };
        var container = Container(options);
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = labels },
            Spec = new V1PodSpec
            {
                Containers = new List<V1Container> { container },
                Volumes = volumes,
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                HostNetwork = false,
                HostPID = false,
                HostIPC = false,
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = User,
                    RunAsGroup = User,
                    FsGroup = credentials ? User : null,
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
            },
        };
        return new V1Deployment
        {
            ApiVersion = V1Deployment.KubeGroup + "/" + V1Deployment.KubeApiVersion,
            Kind = V1Deployment.KubeKind,
            Metadata = new V1ObjectMeta { Name = name, Labels = labels },
            Spec = new V1DeploymentSpec { Replicas = 1, Selector = new V1LabelSelector { MatchLabels = Selector(plan, options) }, Template = template },
        };
    }

    /// <summary>
    /// One volume at the config folder: the policy alone as a ConfigMap volume; with credentials a projected volume of the
    /// ConfigMap and the operator's Secret (a mount nested in a ConfigMap volume would need a folder in a read-only one).
    /// The values stay group-readable (0440) by the gateway's fsGroup, never by an agent Pod.
    /// </summary>
    private static V1Volume ConfigVolume(string name, bool credentials)
    {
        var policyItem = new V1KeyToPath { Key = Path.GetFileName(PolicyFile), Path = Path.GetFileName(PolicyFile) };
        return credentials
            ? new V1Volume
            {
                Name = "config",
                Projected = new V1ProjectedVolumeSource
                {
                    DefaultMode = 0b100_100_100,
                    Sources = new List<V1VolumeProjection>
                    {
                        new() { ConfigMap = new V1ConfigMapProjection { Name = name, Items = new List<V1KeyToPath> { policyItem } } },
                        new()
                        {
                            Secret = new V1SecretProjection
                            {
                                Name = CredentialsSecret,
                                Items = new List<V1KeyToPath> { new() { Key = CredentialsKey, Path = "credentials/" + CredentialsKey, Mode = 0b100_100_000 } },
                            },
                        },
                    },
                },
            }
            : new V1Volume
            {
                Name = "config",
                ConfigMap = new V1ConfigMapVolumeSource { Name = name, Items = new List<V1KeyToPath> { policyItem }, DefaultMode = 0b100_100_100 },
            };
    }

    /// <summary>The gateway container: its image and command, the config folder read-only, hardened, bounded memory and disk.</summary>
    private static V1Container Container(RenderOptions options)
    {
        var mounts = new List<V1VolumeMount> { new() { Name = "config", MountPath = ConfigFolder, ReadOnlyProperty = true } };
        return new V1Container
        {
            Name = ContainerName,
            Image = options.GatewayImage,
            ImagePullPolicy = "IfNotPresent",
            Command = Command.ToList(),
            // No containerPorts: the Service targets the port by number, and podman would publish declared ports on the host.
            VolumeMounts = mounts,
            SecurityContext = new V1SecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = User,
                RunAsGroup = User,
                AllowPrivilegeEscalation = false,
                Privileged = false,
                Capabilities = new V1Capabilities { Drop = new List<string> { "ALL" } },
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                ReadOnlyRootFilesystem = true,
            },
            Resources = new V1ResourceRequirements
            {
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("256Mi"), ["ephemeral-storage"] = new("64Mi") },
            },
        };
    }
}
