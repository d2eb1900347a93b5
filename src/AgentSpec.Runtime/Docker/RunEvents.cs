using System;
using System.Diagnostics;

namespace AgentSpec.Runtime;

/// <summary>The events of one container's run (<see cref="LaunchSpec.Events"/>), with its id and the time since the run and the start.</summary>
internal sealed class RunEvents
{
    private readonly LaunchSpec _spec;
    private readonly string _containerId;
    private Stopwatch? _running;

    public RunEvents(LaunchSpec spec, string containerId)
    {
        _spec = spec;
        _containerId = containerId;
    }

    /// <summary>The exited or stopped event once known (told after the container is removed).</summary>
    public GroupRunEvent? Last { get; private set; }

    /// <summary>Whether the container was started (<see cref="Started"/> was told).</summary>
    public bool HasStarted => _running is not null;

    public void Tell(GroupRunEventKind kind) => Tell(Create(kind));

    public void Tell(GroupRunEvent e) => _spec.Events?.Invoke(e);

    /// <summary>The container runs: told now, and <see cref="GroupRunEvent.Ran"/> counts from here.</summary>
    public void Started()
    {
        _running = Stopwatch.StartNew();
        Tell(GroupRunEventKind.Started);
    }

    /// <summary>The run's end, to be told once the container is removed.</summary>
    public GroupRunEvent Ending(GroupRunEventKind kind, int? exitCode, string? reason) =>
        Last = Create(kind) with { ExitCode = exitCode, Reason = reason, Ran = _running?.Elapsed };

    private GroupRunEvent Create(GroupRunEventKind kind) => new(kind, _spec.GroupId, _spec.Session, _spec.RunId, _spec.ContainerName)
    {
        ContainerId = _containerId,
        Elapsed = _spec.Clock?.Elapsed ?? TimeSpan.Zero,
    };
}
