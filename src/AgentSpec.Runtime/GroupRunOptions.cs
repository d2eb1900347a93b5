using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>How to run groups: check options (data root, allowlist, downgrade), command override, user.</summary>
public sealed record GroupRunOptions(HostCheckOptions Check)
{
    /// <summary>Overrides the image's CMD; null keeps it.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Overrides the container user of every plan (never root); null uses the plan's, else the host default.</summary>
    public ContainerUser? User { get; init; }

    /// <summary>
    /// A fixed run id (default: a new one per run), so the container's name, agentspec-GROUP-SESSION-RUN, is known before it
    /// is made: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (refused before anything is created).
    /// </summary>
    public string? RunId { get; init; }

    /// <summary>
    /// Variables for this run only, after the plan's (one of the same name replaces the plan's). Reserved, loader and
    /// runtime names are refused as in groups.yaml (AGS0406, AGS0415, AGS0407), before anything is created; values are never shown.
    /// </summary>
    public IReadOnlyList<EnvVar>? Environment { get; init; }

    /// <summary>Overrides the image's ENTRYPOINT (a program path and its first arguments); <see cref="Command"/> then gives its arguments.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>
    /// The run's wall-clock limit from the container's start: past it the container is stopped and removed (<see cref="GroupRunResult.TimedOut"/>).
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Copied to the container's standard input, whose end (EOF) the container then sees; null: its stdin is empty.</summary>
    public Stream? Stdin { get; init; }

    /// <summary>Told what happens to each run as it happens (initialized, created, started, exited, stopped); called from the run's task.</summary>
    public Action<GroupRunEvent>? Events { get; init; }

    /// <summary>The host time zone passed as TZ (default: <see cref="HostTimezone.Detect()"/>); a group's own env TZ wins.</summary>
    public TimezoneSetting? Timezone { get; init; }

    /// <summary>The stop grace period when the run is cancelled (default 10 s): SIGTERM, then SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = DockerLauncher.DefaultStopTimeout;

    /// <summary>Where the phases of <see cref="GroupLauncher.Prepare"/> are timed (the launcher's sink; default off).</summary>
    internal LaunchTimings Timings { get; init; } = LaunchTimings.Off;
}
