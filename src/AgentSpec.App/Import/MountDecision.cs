namespace AgentSpec.App.Import;

/// <summary>
/// What NanoClaw v2.0.64 does with one additional mount at spawn: mounts <see cref="RealPath"/> at
/// /workspace/extra/<see cref="ContainerPath"/> (read-only unless <see cref="ReadOnly"/> is false), or, when
/// <see cref="DropReason"/> is set, silently leaves it out. <see cref="Downgrade"/> says why a read-write request
/// was silently mounted read-only.
/// </summary>
internal sealed record MountDecision(int Index, string Declared, string? ContainerPath, string? RealPath, bool ReadOnly, string? DropReason, string? Downgrade)
{
    public bool Mounted => DropReason is null;

    /// <summary>The allowlist root that allowed it (null when dropped).</summary>
    public NanoClawRoot? Root { get; init; }

    /// <summary>Keys besides hostPath, containerPath and readonly, which NanoClaw ignores (a Docker-style mode, a readOnly spelling).</summary>
    public IReadOnlyList<string> IgnoredKeys { get; init; } = [];

    /// <summary>The mount asked for read-write (readonly: false).</summary>
    public bool RequestedReadWrite { get; init; }
}
