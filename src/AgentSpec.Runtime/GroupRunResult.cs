using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>The outcome of one run.</summary>
public sealed record GroupRunResult(string GroupId, string RunId, int ExitCode, InitReport Init, IReadOnlyList<string> Warnings)
{
    /// <summary>
    /// The run's <see cref="GroupRunOptions.Timeout"/> passed: the container was stopped and removed; <see cref="ExitCode"/> is what it exited with then.
    /// </summary>
    public bool TimedOut { get; init; }

    /// <summary>The container's name (agentspec-GROUP-SESSION-RUN).</summary>
    public string ContainerName { get; init; } = string.Empty;
}
