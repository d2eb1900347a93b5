using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Review;

/// <summary>
/// Where one group and its settings are declared (1-based lines). A setting the group does not write itself
/// points at the defaults line it inherits, or is null. Value-equatable.
/// </summary>
internal sealed record GroupLines(
    string Id,
    int Line,
    int? NameLine,
    int? FolderLine,
    int? MainLine,
    int? ImageLine,
    int? UserLine,
    int? PidsLine,
    int? MemoryLine,
    int? NetworkLine,
    int? SkillsLine,
    EquatableArray<MountLines> Mounts,
    EquatableArray<EnvLine> Env)
{
    public MountLines? Mount(string containerPath) => Mounts.FirstOrDefault(m => m.ContainerPath == containerPath);

    public int? EnvAt(string name) => Env.FirstOrDefault(e => e.Name == name)?.Line;

    /// <summary>Where each egress destination of the group is written (its own list, or the defaults.egress it inherits).</summary>
    public EquatableArray<EgressLine> Egress { get; init; } = EquatableArray<EgressLine>.Empty;

    /// <summary>Where the 'egress' key the group's list comes from is written (its own, or defaults').</summary>
    public int? EgressLine { get; init; }

    /// <summary>Where limits.tmp is written (or the defaults line it inherits).</summary>
    public int? TmpLine { get; init; }

    /// <summary>Where limits.home is written (or the defaults line it inherits).</summary>
    public int? HomeLine { get; init; }

    /// <summary>Where limits.logs is written (or the defaults line it inherits).</summary>
    public int? LogsLine { get; init; }
}
