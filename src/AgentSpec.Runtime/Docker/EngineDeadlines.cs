using System;
using System.Globalization;

namespace AgentSpec.Runtime;

/// <summary>
/// AgentSpec's own deadlines on engine calls, so a frozen engine never hangs a command for the client library's
/// 100 s (or, for a container's wait, forever): every call but the wait gets <see cref="Call"/> (a stop gets its
/// grace period on top); a call still unanswered after <see cref="NoticeAfter"/> says on stderr what it waits for;
/// while a container runs, the engine is pinged every <see cref="Heartbeat"/>; after the engine went away during a
/// run, AgentSpec waits up to <see cref="Recovery"/> for it to come back and report the container's fate.
/// </summary>
internal sealed record EngineDeadlines(TimeSpan Call, TimeSpan NoticeAfter, TimeSpan Heartbeat, TimeSpan Recovery)
{
    /// <summary>The variable that sets <see cref="Call"/> in seconds (1 to 600).</summary>
    public const string Variable = "AGENTSPEC_ENGINE_TIMEOUT";

    /// <summary>30 s per call, a notice after 3 s, a heartbeat every 5 s, 30 s for the engine to come back.</summary>
    public static readonly EngineDeadlines Default = For(TimeSpan.FromSeconds(30));

    /// <summary>
    /// Deadlines derived from one call deadline (the notice and heartbeat never later than it; the recovery window as
    /// long as a call, at least 10 s: a dockerd restarted after a crash takes about that long to answer).
    /// </summary>
    public static EngineDeadlines For(TimeSpan call) =>
        new(call, Min(TimeSpan.FromSeconds(3), call / 2), Min(TimeSpan.FromSeconds(5), call), Max(call, TimeSpan.FromSeconds(10)));

    /// <summary>The deadlines of an invocation: $AGENTSPEC_ENGINE_TIMEOUT seconds when set, else <see cref="Default"/>.</summary>
    public static EngineDeadlines FromEnvironment(Func<string, string?> environment)
    {
        var text = environment(Variable);
        if (string.IsNullOrEmpty(text))
        {
            return Default;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 600
            ? For(TimeSpan.FromSeconds(seconds))
            : throw new RuntimeError($"{Variable}={text}: give the engine call deadline in whole seconds, 1 to 600 (default 30)");
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
