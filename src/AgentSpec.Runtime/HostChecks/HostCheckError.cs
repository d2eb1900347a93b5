using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// A mount the host cannot honour: which group and mount, why, and how to fix it. A problem of the whole group
/// (its data root) has an empty <see cref="MountName"/>.
/// </summary>
public sealed record HostCheckError(string GroupId, string MountName, string ContainerPath, string Reason, string Fix)
{
    /// <summary>What kind of problem this is (for `agentspec doctor`, which reports a problem shared by many mounts once).</summary>
    public HostProblemKind Kind { get; init; }

    public string Message => MountName.Length == 0
        ? $"group '{GroupId}': {Reason}. Fix: {Fix}"
        : $"group '{GroupId}', mount '{MountName}' ({ContainerPath}): {Reason}. Fix: {Fix}";

    public override string ToString() => Message;
}
