using System.CommandLine;

namespace AgentSpec.Cli.Commands;

/// <summary>init, run, up, ps, stop, cleanup: the commands that touch the host and the Docker engine.</summary>
public static class RuntimeCommands
{
    public static IEnumerable<Command> Create() => [];
}
