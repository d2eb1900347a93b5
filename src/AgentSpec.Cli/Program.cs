using System.CommandLine;
using AgentSpec.Cli;
using AgentSpec.Cli.Commands;

// Exit codes: 0 success, 1 refused or failed (with a message), 2 usage error.
AgentSpec.Runtime.LaunchTimings.Mark("main");
var root = new RootCommand("AgentSpec: compiled agent groups and their mounts. The groups come from groups.yaml, compiled into this binary at build time.");
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(DiffCommand.Create());
root.Subcommands.Add(SarifCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
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
