using System.CommandLine;
using AgentSpec.Cli.Commands;
using AgentSpec.Model;

namespace AgentSpec.Cli;

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
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<GroupPlan> groups, string sourceFile = "groups.yaml")
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(groups);
        AgentSpec.Runtime.LaunchTimings.Mark("main");
        Plans.UseCompiled(groups, sourceFile);
        var root = new RootCommand($"AgentSpec: compiled agent groups and their mounts. The groups come from {sourceFile}, compiled into this binary at build time.");
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(DiffCommand.Create());
        root.Subcommands.Add(SarifCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(RenderCommand.Create());
        foreach (var command in RuntimeCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        AgentSpec.Runtime.LaunchTimings.Mark("commands built");
        var parse = root.Parse(args);
        AgentSpec.Runtime.LaunchTimings.Mark("parsed");
        var errors = parse.Errors.Select(e => e.Message).Concat(Arguments.UnknownOptions(parse).Select(o => $"unknown option '{o}'")).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"agentspec: {error}");
            }

            Console.Error.WriteLine("Run 'agentspec --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            // No ProcessTerminationTimeout: run and up handle SIGINT/SIGTERM themselves (ShutdownSignals), because stopping
            // a container takes its grace period, longer than System.CommandLine would wait before exiting anyway.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"agentspec: {ex.Message}");
            return ex.ExitCode;
        }
    }
}
