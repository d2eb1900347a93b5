namespace AgentSpec.Runtime;

/// <summary>What happened to a run, in the order a run goes through them (docs/running.md, "Host programs").</summary>
public enum GroupRunEventKind
{
    /// <summary>Group-init ran, the session is locked and the host check passed: the container is about to be made.</summary>
    Initialized,

    /// <summary>The engine made the container (its id and name are known); it has not started.</summary>
    Created,

    /// <summary>The container's process runs.</summary>
    Started,

    /// <summary>The container's process ended by itself, with <see cref="GroupRunEvent.ExitCode"/>; the container is removed.</summary>
    Exited,

    /// <summary>AgentSpec stopped the container (<see cref="GroupRunEvent.Reason"/>: timeout or cancelled); it is removed.</summary>
    Stopped,
}
