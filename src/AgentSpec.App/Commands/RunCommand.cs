using System.CommandLine;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>agentspec run GROUP [options] [-- CMD ARGS]: one group's container, its output streamed, its exit code returned.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The group to run." };
        var commandArgs = new Argument<string[]>("command")
        {
            Description = "Command and arguments for the container, after '--' (default: the image's CMD).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var dataDir = CommonOptions.DataDir();
        var image = CommonOptions.Image("Run this image instead of the plan's (it must be present on the engine; nothing is pulled).");
        var allowlist = CommonOptions.Allowlist();
        var downgrade = CommonOptions.AllowReadOnlyDowngrade();
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Change nothing: report every host problem that would stop this run, as `agentspec doctor GROUP` does (exit 1 if any).",
        };
        var session = CommonOptions.Session();
        var stopTimeout = CommonOptions.StopTimeout();
        var perRun = new RunOptions();
        var command = new Command(
            "run",
            "Run a group's container from its compiled plan: group-init, host re-check, launch through the Docker Engine API, stream its output "
            + "and return its exit code. Ctrl-C or SIGTERM stops the container (SIGTERM, then SIGKILL after --stop-timeout), removes it "
            + "and exits with 130 or 143. Exit codes: the container's own, else 124 timed out, 125 AgentSpec failed (with --json also refused), "
            + "126/127 command not executable / not found (docs/running.md).")
        {
            group, commandArgs, dataDir, image, allowlist, downgrade, session, stopTimeout, dryRun,
        };
        foreach (var option in perRun.For(interactive: true))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            // First: from here on Ctrl-C and SIGTERM stop what this run started instead of killing the process.
            using var signals = new ShutdownSignals(cancellationToken, context.Error, register: context.IsProcess);
            context.Timings.Mark("run action entered");
            var json = parse.GetValue(perRun.Json) ? new JsonRunEvents(context.Out, () => signals.Signal is null ? null : signals.Name) : null;
            return await RunProtocol.GuardAsync(json, () => RunAsync(context, parse, signals, json));
        });
        return command;

        async Task<int> RunAsync(CliContext context, ParseResult parse, ShutdownSignals signals, JsonRunEvents? json)
        {
            var cancellationToken = signals.Token;
            var plan = context.Plans.Get(parse.GetValue(group)!);
            context.Timings.Mark("plan");
            plan = Plans.WithImage(plan, parse.GetValue(image));
            // The per-run options first: a refused one leaves nothing behind (not even a data root).
            var options = perRun.Apply(context, parse, new GroupRunOptions(new HostCheckOptions(string.Empty)), interactive: true);
            options = GroupRuns.Options(
                context, parse, dataDir, allowlist, downgrade, session, stopTimeout, parse.GetValue(commandArgs), createDataRoot: !parse.GetValue(dryRun)) with
            {
                Environment = options.Environment,
                Entrypoint = options.Entrypoint,
                Command = options.Entrypoint is null ? parse.GetValue(commandArgs) is { Length: > 0 } c ? c : null : parse.GetValue(commandArgs) ?? [],
                Timeout = options.Timeout,
                RunId = options.RunId,
                Stdin = options.Stdin,
                Events = json is null ? null : json.Tell,
            };
            context.Timings.Mark("options");
            if (parse.GetValue(dryRun))
            {
                return await DoctorCommand.DiagnoseAsync(context, [plan], options.Check, json: false, cancellationToken);
            }

            using var docker = context.Launcher(options.Check.DataRoot, signals.Report);
            context.Timings.Mark("launcher");
            try
            {
                var output = json?.Output(plan.Id) ?? Output(context);
                var result = await RuntimeGuard.LaunchAsync(() => new GroupLauncher(docker).RunAsync(plan, options, output, signals.Token));
                GroupRuns.ReportWarnings(context, result);
                return signals.Signal is null ? RunProtocol.Exit(context, result, parse.GetValue(perRun.Timeout)) : GroupRuns.Interrupted(signals);
            }
            catch (OperationCanceledException) when (signals.Signal is not null)
            {
                return GroupRuns.Interrupted(signals);
            }
        }
    }

    /// <summary>
    /// To a terminal, the container's control and escape sequences are shown, not interpreted (no OSC 52
    /// clipboard writes, title changes or cursor moves on the operator's terminal); redirected to a file or pipe,
    /// its bytes pass through unchanged.
    /// </summary>
    private static GroupOutput Output(CliContext context) => context.RunOutput?.Invoke() ?? new(context.Out, context.Error);
}
