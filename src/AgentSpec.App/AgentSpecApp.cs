using System.CommandLine;
using AgentSpec.App.Commands;
using AgentSpec.Model;

namespace AgentSpec.App;

/// <summary>
/// The <c>agentspec</c> command line as a library. A host program compiles its own groups.yaml (the AgentSpec
/// package's generator emits <c>AgentSpec.Generated.CompiledGroups</c>) and hands the plans to
/// <see cref="RunAsync"/>; every command of <c>agentspec</c> then works on those groups:
/// <code>return await AgentSpecApp.RunAsync(args, CompiledGroups.All);</code>
/// </summary>
public static class AgentSpecApp
{
    /// <summary>
    /// Parses <paramref name="args"/> and runs the command. Returns the process exit code: 0 success, 1 refused
    /// or failed (with a message on standard error), 2 usage error; 130/143 after SIGINT/SIGTERM during run or up.
    /// Call it once per process: it installs signal handlers for the commands that run containers.
    /// </summary>
    /// <param name="args">The command line, as given to <c>Main</c>.</param>
    /// <param name="groups">The compiled plans, normally <c>CompiledGroups.All</c>.</param>
    /// <param name="sourceFile">The file they were compiled from, named in messages (<c>CompiledGroups.SourceFile</c>).</param>
    public static Task<int> RunAsync(string[] args, IReadOnlyList<GroupPlan> groups, string sourceFile = "groups.yaml")
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(groups);
        return RunAsync(args, ProcessContext.Create(groups, sourceFile));
    }

    /// <summary>
    /// Runs one invocation in <paramref name="context"/>: its writers, input, environment and working directory
    /// (the process's for <see cref="RunAsync(string[], IReadOnlyList{GroupPlan}, string)"/>, captured ones in tests).
    /// </summary>
    internal static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var sourceFile = context.Plans.SourceFile;
        context.Timings.Mark("main");
        var root = new RootCommand($"AgentSpec: compiled agent groups and their mounts. The groups come from {sourceFile}, compiled into this binary at build time.");
        root.Subcommands.Add(PlanCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(DiffCommand.Create(context));
        root.Subcommands.Add(SarifCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(RenderCommand.Create(context));
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(RunCommand.Create(context));
        root.Subcommands.Add(UpCommand.Create(context));
        root.Subcommands.Add(PsCommand.Create(context));
        root.Subcommands.Add(StopCommand.Create(context));
        root.Subcommands.Add(CleanupCommand.Create(context));
        root.Subcommands.Add(SessionsCommand.Create(context));
        root.Subcommands.Add(GatewayCommand.Create(context));
        root.Subcommands.Add(GatewayImageCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(CompletionCommand.Create(context));

        VersionLine.Install(root, context);
        GroupCompletion.Install(root, context);
        context.Timings.Mark("commands built");
        var parse = root.Parse(args);
        context.Timings.Mark("parsed");
        if (parse.Errors.Count > 0 || Arguments.UnknownOptions(parse).Any())
        {
            var (problems, hint) = UsageErrors.Describe(parse, context);
            foreach (var problem in problems)
            {
                context.Error.WriteLine($"{context.ProgramName}: {problem}");
            }

            if (hint is not null)
            {
                context.Error.WriteLine(hint);
            }

            return ExitCodes.Usage;
        }

        try
        {
            // No ProcessTerminationTimeout: run and up handle SIGINT/SIGTERM themselves (ShutdownSignals), because stopping
            // a container takes its grace period, longer than System.CommandLine would wait before exiting anyway.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null, Output = context.Out, Error = context.Error });
        }
        catch (CliException ex)
        {
            context.Error.WriteLine($"{context.ProgramName}: {ex.Message}");
            return ex.ExitCode;
        }
    }
}
