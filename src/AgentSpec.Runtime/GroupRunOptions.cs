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

    /// <summary>A fixed run id (default: a new one per run).</summary>
    public string? RunId { get; init; }

    /// <summary>The host time zone passed as TZ (default: <see cref="HostTimezone.Detect()"/>); a group's own env TZ wins.</summary>
    public TimezoneSetting? Timezone { get; init; }

    /// <summary>The stop grace period when the run is cancelled (default 10 s): SIGTERM, then SIGKILL.</summary>
    public TimeSpan StopTimeout { get; init; } = DockerLauncher.DefaultStopTimeout;

    /// <summary>Where the phases of <see cref="GroupLauncher.Prepare"/> are timed (the launcher's sink; default off).</summary>
    internal LaunchTimings Timings { get; init; } = LaunchTimings.Off;
}
