using System.CommandLine;

namespace AgentSpec.App.Commands;

/// <summary>agentspec stop GROUP [--data-dir DIR] [--session S]: stop a group's running containers of this install.</summary>
internal static class StopCommand
{
    public static Command Create(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The group whose running containers to stop." };
        var dataDir = CommonOptions.DataDir(CommonOptions.ExistingDataDirDescription);
        var session = CommonOptions.SessionFilter("stop the running containers");
        var command = new Command(
            "stop",
            "Stop the running containers of a group that this install started: of every session of the group, or only of --session NAME.")
        {
            group, dataDir, session,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = context.Plans.Get(parse.GetValue(group)!).Id;
            var only = parse.GetValue(session) is { } name ? CommonOptions.SessionName(name) : null;
            using var docker = context.Launcher(DataRoots.ResolveExisting(context, parse.GetValue(dataDir)));
            var stopped = await RuntimeGuard.RunAsync(() => docker.StopGroupAsync(id, only, cancellationToken));
            context.Out.WriteLine($"stopped {stopped} container(s) of group {id}{(only is null ? string.Empty : $" session {only}")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
