using System.CommandLine;

namespace AgentSpec.App.Commands;

/// <summary>agentspec cleanup [--data-dir DIR]: remove what this install left behind on the engine, and nothing else.</summary>
internal static class CleanupCommand
{
    public static Command Create(CliContext context)
    {
        var dataDir = CommonOptions.DataDir(CommonOptions.ExistingDataDirDescription);
        var command = new Command(
            "cleanup",
            "Remove every container and proxy network this install (data root) left behind, running or not. "
            + "Containers and networks of other installs or tools are never touched.")
        {
            dataDir,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var docker = context.Launcher(DataRoots.ResolveExisting(context, parse.GetValue(dataDir)));
            var removed = await RuntimeGuard.RunAsync(() => docker.CleanupAsync(cancellationToken));
            var networks = await RuntimeGuard.RunAsync(() => docker.CleanupNetworksAsync(cancellationToken));
            var removedText = networks == 0 ? $"removed {removed} container(s)" : $"removed {removed} container(s) and {networks} proxy network(s)";
            TextWrap.Write(context.Out, removedText, context.Width);
            return ExitCodes.Success;
        });
        return command;
    }
}
