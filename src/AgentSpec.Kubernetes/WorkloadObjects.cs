using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>
/// The plain objects around a group's workload: the Pod or Job itself, the claims and the container.json ConfigMap of
/// --volumes claims, and the Service in front of the operator's egress proxy; their labels are <see cref="KubernetesLabels"/>'.
/// </summary>
internal static class WorkloadObjects
{
    public static V1Pod Pod(V1ObjectMeta metadata, V1PodSpec spec) =>
        new() { ApiVersion = V1Pod.KubeApiVersion, Kind = V1Pod.KubeKind, Metadata = metadata, Spec = spec };

    public static V1Job Job(V1ObjectMeta metadata, V1PodSpec spec) => new()
    {
        ApiVersion = ApiVersion(V1Job.KubeGroup, V1Job.KubeApiVersion),
        Kind = V1Job.KubeKind,
        Metadata = metadata,
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = metadata.Labels, Annotations = metadata.Annotations }, Spec = spec },
            // One attempt, as `agentspec run`: a failed run is reported, not repeated with the same inputs.
            BackoffLimit = 0,
        },
    };

    public static V1PersistentVolumeClaim Claim(string name, Dictionary<string, string> labels, string holds) => new()
    {
        ApiVersion = V1PersistentVolumeClaim.KubeApiVersion,
        Kind = V1PersistentVolumeClaim.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = new Dictionary<string, string> { ["agentspec.io/holds"] = holds } },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = new List<string> { "ReadWriteOnce" },
            Resources = new V1VolumeResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(KubernetesRenderer.ClaimSize) },
            },
        },
    };

    public static V1PersistentVolumeClaim SharedClaim(RenderOptions options, NameRegistry names) =>
        Claim(
            names.Claim(V1PersistentVolumeClaim.KubeKind, KubernetesRenderer.SharedClaimName, "the shared sources"),
            KubernetesLabels.OfInstall(options),
            "shared sources, filled by the operator, read-only in Pods");

    public static V1ConfigMap ContainerJsonMap(GroupPlan plan, string name, RenderOptions options) => new()
    {
        ApiVersion = V1ConfigMap.KubeApiVersion,
        Kind = V1ConfigMap.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = KubernetesLabels.OfGroup(plan, options) },
        // One key per host-managed file, named after its mount (CLAUDE.md and the shared CLAUDE.md share a file name).
        Data = plan.Mounts.HostManaged.Where(HostManagedMounts.IsFileSource).ToDictionary(m => m.Name, m => RunnerLayout.FileContent(m, plan)),
    };

    public static V1Service ProxyService(RenderOptions options, int port, NameRegistry names) => new()
    {
        ApiVersion = V1Service.KubeApiVersion,
        Kind = V1Service.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = names.Claim(V1Service.KubeKind, KubernetesRenderer.ProxyServiceName, "the egress proxy"),
            Labels = KubernetesLabels.OfInstall(options),
        },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { [KubernetesLabels.EgressProxy] = KubernetesLabels.EgressProxyValue },
            Ports = new List<V1ServicePort> { new() { Name = "proxy", Protocol = "TCP", Port = port, TargetPort = port } },
        },
    };

    public static string ApiVersion(string group, string version) => string.IsNullOrEmpty(group) ? version : group + "/" + version;
}
