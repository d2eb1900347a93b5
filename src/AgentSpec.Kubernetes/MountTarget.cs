using System.Globalization;
using System.Text;
using AgentSpec.Core.Checks;
using AgentSpec.Model;
using AgentSpec.Runtime;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Kubernetes;

/// <summary>Where one operator mount's data is on the cluster: a subfolder of a claim the operator made, or a node folder.</summary>
internal sealed record MountTarget(string? Claim, string? SubPath, string? HostPath)
{
    public bool IsClaim => Claim is not null;

    public override string ToString() => IsClaim ? $"claim {Claim}{(SubPath is null ? string.Empty : "/" + SubPath)}" : $"hostPath {HostPath}";
}
