namespace AgentSpec.Model;

/// <summary>What is mounted: a host folder or file (bind), or a fresh, empty in-memory folder the engine creates for each run (tmpfs).</summary>
public enum MountKind
{
    Bind,
    Tmpfs,
}
