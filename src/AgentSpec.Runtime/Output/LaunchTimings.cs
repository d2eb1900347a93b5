using System;
using System.Diagnostics;
using System.IO;

namespace AgentSpec.Runtime;

/// <summary>
/// Opt-in phase timings for performance work: with AGENTSPEC_TIMINGS=1 each <see cref="Mark"/> writes
/// "agentspec-timing: PHASE +MS (at MS since process start)" to the invocation's standard error. One sink per
/// invocation (the CLI's context makes it), no static state; <see cref="Off"/> costs one null check.
/// </summary>
internal sealed class LaunchTimings
{
    public const string Variable = "AGENTSPEC_TIMINGS";

    /// <summary>Records nothing.</summary>
    public static readonly LaunchTimings Off = new(null);

    private readonly TextWriter? _sink;
    private readonly object _gate = new();
    private double _last = double.NaN;

    /// <param name="sink">Where the marks go; null records nothing.</param>
    public LaunchTimings(TextWriter? sink)
    {
        _sink = sink;
    }

    /// <summary>The sink an invocation uses: on <paramref name="error"/> when its AGENTSPEC_TIMINGS is "1", else <see cref="Off"/>.</summary>
    public static LaunchTimings For(Func<string, string?> environment, TextWriter error) =>
        environment(Variable) == "1" ? new LaunchTimings(error) : Off;

    /// <summary>Records that <paramref name="phase"/> just finished.</summary>
    public void Mark(string phase)
    {
        if (_sink is null)
        {
            return;
        }

        lock (_gate)
        {
            var now = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
            var delta = double.IsNaN(_last) ? now : now - _last;
            _last = now;
            _sink.WriteLine(FormattableString.Invariant($"agentspec-timing: {phase} +{delta:0.0} ms (at {now:0.0} ms)"));
        }
    }
}
