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
        var command = new Command(
            "run",
            "Run a group's container from its compiled plan: group-init, host re-check, launch through the Docker Engine API, stream its output "
            + "and return its exit code. Ctrl-C or SIGTERM stops the container (SIGTERM, then SIGKILL after --stop-timeout), removes it "
            + "and exits with 130 or 143.")
        {
            group, commandArgs, dataDir, image, allowlist, downgrade, session, stopTimeout, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // First: from here on Ctrl-C and SIGTERM stop what this run started instead of killing the process.
            using var signals = new ShutdownSignals(cancellationToken, context.Error, register: context.IsProcess);
            context.Timings.Mark("run action entered");
            var plan = context.Plans.Get(parse.GetValue(group)!);
            context.Timings.Mark("plan");
            plan = Plans.WithImage(plan, parse.GetValue(image));
            var options = GroupRuns.Options(
                context, parse, dataDir, allowlist, downgrade, session, stopTimeout, parse.GetValue(commandArgs), createDataRoot: !parse.GetValue(dryRun));
            context.Timings.Mark("options");
            if (parse.GetValue(dryRun))
            {
                return await DoctorCommand.DiagnoseAsync(context, [plan], options.Check, json: false, cancellationToken);
            }

            using var docker = context.Launcher(options.Check.DataRoot, signals.Report);
            context.Timings.Mark("launcher");
            try
            {
                var result = await RuntimeGuard.LaunchAsync(() => new GroupLauncher(docker).RunAsync(plan, options, Output(context), signals.Token));
                GroupRuns.ReportWarnings(context, result);
                return signals.Signal is null ? result.ExitCode : GroupRuns.Interrupted(signals);
            }
            catch (OperationCanceledException) when (signals.Signal is not null)
            {
                return GroupRuns.Interrupted(signals);
            }
        });
        return command;
    }

    /// <summary>
    /// To a terminal, the container's control and escape sequences are shown, not interpreted (no OSC 52
    /// clipboard writes, title changes or cursor moves on the operator's terminal); redirected to a file or pipe,
    /// its bytes pass through unchanged.
    /// </summary>
    private static GroupOutput Output(CliContext context) => context.RunOutput?.Invoke() ?? new(context.Out, context.Error);
}
