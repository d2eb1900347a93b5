using System;

namespace AgentSpec.Runtime;

/// <summary>
/// One thing that happened to a run of a group, told to <see cref="GroupRunOptions.Events"/> as it happens: immutable, and
/// never carrying a value of the run's environment.
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="GroupId">The group.</param>
/// <param name="Session">The group session.</param>
/// <param name="RunId">The run id (<see cref="GroupRunOptions.RunId"/> or a new one).</param>
/// <param name="ContainerName">The container's name, known before it is made: agentspec-GROUP-SESSION-RUN.</param>
public sealed record GroupRunEvent(GroupRunEventKind Kind, string GroupId, string Session, string RunId, string ContainerName)
{
    /// <summary>The engine's container id, from <see cref="GroupRunEventKind.Created"/> on; null before.</summary>
    public string? ContainerId { get; init; }

    /// <summary>
    /// The container's exit code: set for <see cref="GroupRunEventKind.Exited"/> and, when known, for <see cref="GroupRunEventKind.Stopped"/>.
    /// </summary>
    public int? ExitCode { get; init; }

    /// <summary>For <see cref="GroupRunEventKind.Stopped"/>: "timeout" (<see cref="GroupRunOptions.Timeout"/> passed) or "cancelled".</summary>
    public string? Reason { get; init; }

    /// <summary>Time since the run began (before group-init) when this happened.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>For <see cref="GroupRunEventKind.Exited"/> and <see cref="GroupRunEventKind.Stopped"/>: how long the container ran, from start.</summary>
    public TimeSpan? Ran { get; init; }
}
