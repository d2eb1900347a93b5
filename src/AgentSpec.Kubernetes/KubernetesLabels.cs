using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.Kubernetes;

/// <summary>
/// Labels and annotations of rendered objects. The install, group and session labels are the runtime's own
/// (<see cref="Labels"/>), so `kubectl get pods -l agentspec.group=main` finds what `agentspec ps` would.
/// </summary>
internal static class KubernetesLabels
{
    /// <summary>The label the operator's egress proxy Pods must carry (value "true") for proxy-mode groups to reach them.</summary>
    public const string EgressProxy = "agentspec.egress-proxy";

    public const string EgressProxyValue = "true";

    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "agentspec";

    /// <summary>Annotation on hostPath-mode Pods saying why Pod Security "restricted" refuses them.</summary>
    public const string PodSecurityNote = "agentspec.io/pod-security";

    /// <summary>Annotation with the plan's pids limit, which no Pod field carries (the node's kubelet podPidsLimit does).</summary>
    public const string PidsLimit = "agentspec.io/pids-limit";

    /// <summary>Annotation naming the volume mode a workload was rendered with.</summary>
    public const string VolumeMode = "agentspec.io/volumes";

    public static string Install => Labels.Install;

    public static string Group => Labels.Group;

    public static string Session => Labels.Session;

    /// <summary>What every object of this installation carries: the install id and managed-by.</summary>
    public static Dictionary<string, string> OfInstall(RenderOptions options) => new()
    {
        [KubernetesLabels.Install] = KubernetesNames.LabelValue(options.InstallId, "the install id"),
        [KubernetesLabels.ManagedBy] = KubernetesLabels.ManagedByValue,
    };

    /// <summary>A group's objects: the install labels and the group id.</summary>
    public static Dictionary<string, string> OfGroup(GroupPlan plan, RenderOptions options) =>
        new(OfInstall(options)) { [KubernetesLabels.Group] = plan.Id };

    /// <summary>A group session's objects (its workload and session claim): the group labels and the session name.</summary>
    public static Dictionary<string, string> OfSession(GroupPlan plan, RenderOptions options) =>
        new(OfGroup(plan, options)) { [KubernetesLabels.Session] = options.Session };
}
