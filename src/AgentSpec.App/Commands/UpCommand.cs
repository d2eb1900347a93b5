using System.CommandLine;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>agentspec up [GROUP...] [options] [-- CMD ARGS]: several groups' containers at once, output prefixed per group.</summary>
internal static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var groups = new Argument<string[]>("groups")
        {
            Description = "Groups to run at once (default: all); after '--', the command and arguments for every container.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataDir = CommonOptions.DataDir();
        var allowlist = CommonOptions.Allowlist();
        var downgrade = CommonOptions.AllowReadOnlyDowngrade();
        var cmd = new Option<string?>("--exec")
        {
            Description = "Shell command to run in every container (sh -c), instead of the image's CMD; or give the command after '--' as with run.",
        };
        var session = CommonOptions.Session();
        var stopTimeout = CommonOptions.StopTimeout();
        var perRun = new RunOptions();
        var command = new Command(
            "up",
            "Run several groups' containers concurrently (init and re-check all first; nothing starts if any check fails): "
            + "`up GROUP... [-- CMD ARGS]`. Output lines are prefixed with the group id. Exits with the highest container exit code. "
            + "Ctrl-C or SIGTERM stops every container (SIGTERM, then SIGKILL after --stop-timeout), removes them and exits with 130 or 143.")
        {
            groups, dataDir, allowlist, downgrade, cmd, session, stopTimeout,
        };
        foreach (var option in perRun.For(interactive: false))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signals = new ShutdownSignals(cancellationToken, context.Error, register: context.IsProcess);
            var json = parse.GetValue(perRun.Json) ? new JsonRunEvents(context.Out, () => signals.Signal is null ? null : signals.Name) : null;
            return await RunProtocol.GuardAsync(json, () => UpAsync(parse, signals, json));
        });
        return command;

        async Task<int> UpAsync(ParseResult parse, ShutdownSignals signals, JsonRunEvents? json)
        {
            var all = parse.GetValue(groups) ?? [];
            // After '--' the tokens are the container command (as with run), not groups.
            var commandCount = Arguments.AfterDoubleDash(parse).Count;
            var ids = all[..^commandCount];
            var commandArgs = all[^commandCount..];
            var plans = ids.Length == 0 ? context.Plans.All : ids.Distinct().Select(context.Plans.Get).ToList();
            var exec = parse.GetValue(cmd);
            if (exec is not null && commandArgs.Length > 0)
            {
                throw new CliException("give the container command either with --exec or after '--', not both", ExitCodes.Usage);
            }

            var containerCommand = exec is null ? commandArgs : ["sh", "-c", exec];
            var perRunOptions = perRun.Apply(context, parse, new GroupRunOptions(new HostCheckOptions(string.Empty)), interactive: false);
            var options = GroupRuns.Options(context, parse, dataDir, allowlist, downgrade, session, stopTimeout, containerCommand) with
            {
                Environment = perRunOptions.Environment,
                Entrypoint = perRunOptions.Entrypoint,
                Command = perRunOptions.Entrypoint is null ? containerCommand is { Length: > 0 } ? containerCommand : null : containerCommand,
                Timeout = perRunOptions.Timeout,
                RunId = perRunOptions.RunId,
                Events = json is null ? null : json.Tell,
            };
            var gate = new object();
            var width = plans.Select(p => p.Id.Length).DefaultIfEmpty(0).Max();
            using var docker = context.Launcher(options.Check.DataRoot, message =>
            {
                lock (gate)
                {
                    signals.Report(message);
                }
            });
            IReadOnlyList<GroupRunResult> results;
            try
            {
                results = await RuntimeGuard.LaunchAsync(() => new GroupLauncher(docker).RunManyAsync(
                    plans,
                    options,
                    plan => json?.Output(plan.Id) ?? new GroupOutput(Writer(context.Out, plan.Id, width, gate), Writer(context.Error, plan.Id, width, gate)),
                    signals.Token));
            }
            catch (OperationCanceledException) when (signals.Signal is not null)
            {
                return GroupRuns.Interrupted(signals);
            }

            if (signals.Signal is not null)
            {
                return GroupRuns.Interrupted(signals);
            }

            var exits = new List<int>();
            foreach (var result in results)
            {
                GroupRuns.ReportWarnings(context, result);
                if (!result.TimedOut)
                {
                    context.Error.WriteLine($"agentspec: group {result.GroupId} exited with {result.ExitCode}");
                }

                exits.Add(RunProtocol.Exit(context, result, parse.GetValue(perRun.Timeout)));
            }

            // A timeout is AgentSpec's doing: it wins over the containers' own codes.
            return exits.Count == 0 ? ExitCodes.Success : exits.Contains(ExitCodes.TimedOut) ? ExitCodes.TimedOut : exits.Max();
        }
    }

    /// <summary>
    /// "GROUP | line", pieces of an overlong line "GROUP + ...", always escaped so every line stays attributable; the ids
    /// padded to the longest of this `up`, so the groups' output lines up in columns.
    /// </summary>
    private static PrefixedLineWriter Writer(TextWriter target, string groupId, int width, object gate) =>
        new(target, groupId.PadRight(width) + " | ", gate, continuationPrefix: groupId.PadRight(width) + " + ");
}
