using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The per-run options of <see cref="GroupRunOptions"/> checked before anything touches the host (run id, environment
/// names, entrypoint, timeout), and the run's environment: the plan's, then the per-run variables replacing any of the same name.
/// </summary>
internal static class RunOptionChecks
{
    /// <summary>The longest --timeout accepted: a week (a run that long is a service, not a run).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

    /// <summary>Every problem of the per-run options, each one line that never shows a variable's value; empty when none.</summary>
    public static IReadOnlyList<string> Problems(GroupRunOptions options)
    {
        var problems = new List<string>();
        if (options.RunId is { } runId && RunIds.Refusal(runId) is { } badRunId)
        {
            problems.Add("run id " + badRunId);
        }

        foreach (var variable in options.Environment ?? Array.Empty<EnvVar>())
        {
            if (EnvironmentNames.PerRunRefusal(variable.Name) is { } refusal)
            {
                problems.Add("environment variable " + refusal);
            }
        }

        if (options.Entrypoint is { } entrypoint && (entrypoint.Count == 0 || entrypoint[0].Length == 0))
        {
            problems.Add("the entrypoint is empty; give a program path, e.g. /bin/sh");
        }

        if (options.Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout > MaxTimeout))
        {
            problems.Add($"a timeout of {timeout} is outside 1 ms to {MaxTimeout.TotalDays} days");
        }

        return problems;
    }

    /// <summary>Refuses the spawn of <paramref name="plan"/> with every problem of the per-run options.</summary>
    public static void Ensure(GroupPlan plan, GroupRunOptions options)
    {
        if (Problems(options) is { Count: > 0 } problems)
        {
            throw new RuntimeError($"refusing to start group '{plan.Id}': " + string.Join("; ", problems));
        }
    }

    /// <summary>The container's environment: <paramref name="planned"/>, with the per-run variables after it (the last of a name wins).</summary>
    public static IReadOnlyList<EnvVar> Environment(IReadOnlyList<EnvVar> planned, IReadOnlyList<EnvVar>? perRun)
    {
        if (perRun is not { Count: > 0 })
        {
            return planned;
        }

        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < perRun.Count; i++)
        {
            last[perRun[i].Name] = i;
        }

        return planned.Where(v => !last.ContainsKey(v.Name)).Concat(perRun.Where((v, i) => last[v.Name] == i)).ToList();
    }
}
