using System.CommandLine;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>What run and up share: their launch options read from the command line, warnings, and the exit after a signal.</summary>
internal static class GroupRuns
{
    /// <summary>The launch options of run and up, checked (--session, --stop-timeout) before anything touches the host.</summary>
    public static GroupRunOptions Options(
        CliContext context,
        ParseResult parse,
        Option<string?> dataDir,
        Option<string?> allowlist,
        Option<bool> downgrade,
        Option<string> session,
        Option<int> stopTimeout,
        IReadOnlyList<string>? command,
        bool createDataRoot = true)
    {
        var sessionName = CommonOptions.SessionName(parse.GetValue(session));
        var grace = CommonOptions.StopTimeoutValue(parse.GetValue(stopTimeout));

        var allowlistPath = parse.GetValue(allowlist) is { Length: > 0 } a ? context.FullPath(a) : null;
        return new(context.Check(DataRoots.Resolve(context, parse.GetValue(dataDir), create: createDataRoot, allowlistPath), allowlistPath) with
        {
            AllowReadOnlyDowngrade = parse.GetValue(downgrade),
            Installation = context.Plans.All,
            Session = sessionName,
        })
        {
            Command = command is { Count: > 0 } ? command : null,
            StopTimeout = grace,
            Timezone = context.Timezone,
        };
    }

    /// <summary>After SIGINT/SIGTERM: every container this run started is gone; exit 130 or 143.</summary>
    public static int Interrupted(ShutdownSignals signals)
    {
        signals.Report($"every container this run started is stopped and removed; exiting with {signals.ExitCode}");
        return signals.ExitCode;
    }

    public static void ReportWarnings(CliContext context, GroupRunResult result)
    {
        foreach (var warning in result.Init.Repaired.Concat(result.Warnings))
        {
            context.Error.WriteLine($"agentspec: warning: group {result.GroupId}: {warning}");
        }
    }
}
