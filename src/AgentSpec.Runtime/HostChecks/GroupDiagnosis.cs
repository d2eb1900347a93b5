using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>One group's own problems, warnings (explicit read-only downgrades) and what group-init would create.</summary>
internal sealed record GroupDiagnosis(string GroupId, string Image, IReadOnlyList<HostCheckError> Problems, IReadOnlyList<string> Warnings, IReadOnlyList<ResolvedBind> ToCreate)
{
    /// <summary>The container user, or null when it could not be resolved (a problem says why).</summary>
    public ContainerUser? User { get; init; }

    /// <summary>The host problems (reported once, under "host") that would stop this group too: a run would fail on them.</summary>
    public IReadOnlyList<SharedHostProblem> StoppedBy { get; init; } = Array.Empty<SharedHostProblem>();

    /// <summary>True when a run of this group would start: no problem of its own and none of the host's that stops it.</summary>
    public bool WouldStart => Problems.Count == 0 && StoppedBy.Count == 0;
}
