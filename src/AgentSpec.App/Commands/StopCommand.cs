using System.CommandLine;

namespace AgentSpec.App.Commands;

/// <summary>agentspec stop GROUP [--data-dir DIR] [--session S]: stop and remove what a group (session) of this install left.</summary>
internal static class StopCommand
{
    public static Command Create(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The group whose containers to stop and remove." };
        var dataDir = CommonOptions.DataDir(CommonOptions.ExistingDataDirDescription);
        var session = CommonOptions.SessionFilter("stop the running containers");
        var stopTimeout = CommonOptions.StopTimeout("Running containers");
        var command = new Command(
            "stop",
            "Stop and remove what this install left of a group: its running containers are stopped (SIGTERM, then SIGKILL after --stop-timeout, "
            + "default 10 s), then every "
            + "container of it, created, running or exited, and the proxy networks of those runs are removed; of every session, or only of --session NAME.")
        {
            group, dataDir, session, stopTimeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = context.Plans.Get(parse.GetValue(group)!).Id;
            var only = parse.GetValue(session) is { } name ? CommonOptions.SessionName(name) : null;
            var grace = CommonOptions.StopTimeoutValue(parse.GetValue(stopTimeout));
            using var docker = context.Launcher(DataRoots.ResolveExisting(context, parse.GetValue(dataDir)));
            var done = await RuntimeGuard.RunAsync(() => docker.StopAndRemoveAsync(id, only, cancellationToken, grace));
            var networks = done.Networks == 0 ? string.Empty : $" and {done.Networks} proxy network(s)";
            TextWrap.Write(context.Out, $"stopped {done.Stopped} container(s) of group {id}{(only is null ? string.Empty : $" session {only}")}; " +
                $"removed {done.Removed} container(s){networks}", context.Width);
            return ExitCodes.Success;
        });
        return command;
    }
}
