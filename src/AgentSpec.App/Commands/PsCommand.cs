using System.CommandLine;
using AgentSpec.App.Json;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>agentspec ps [--data-dir DIR] [--session S] [--json]: the containers this install started, found by label.</summary>
internal static class PsCommand
{
    public static Command Create(CliContext context)
    {
        var dataDir = CommonOptions.DataDir(CommonOptions.ExistingDataDirDescription);
        var json = CommonOptions.Json("Print the containers as JSON.");
        var session = CommonOptions.SessionFilter("the containers");
        var command = new Command("ps", "List the containers this install (data root) started, found by label, with their group and session.")
        {
            dataDir, json, session,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var only = parse.GetValue(session) is { } name ? CommonOptions.SessionName(name) : null;
            using var docker = context.Launcher(DataRoots.ResolveExisting(context, parse.GetValue(dataDir)));
            var list = (await RuntimeGuard.RunAsync(() => docker.ListAsync(null, cancellationToken)))
                .Where(c => only is null || c.Session == only)
                .ToList();
            if (parse.GetValue(json))
            {
                WriteJson(context, list);
            }
            else
            {
                Table.Write(
                    context.Out,
                    ["NAME", "GROUP", "SESSION", "STATE", "STATUS", "IMAGE"],
                    list.Select(c => new[] { c.Name, c.GroupId, c.Session, c.State, c.Status, c.Image }).ToList(),
                    context.Width);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteJson(CliContext context, IReadOnlyList<ContainerInfo> list) => JsonOutput.Write<IReadOnlyList<PsContainerJson>>(
        context.Out,
        [.. list.Select(c => new PsContainerJson(c.Id, c.Name, c.GroupId, c.Session, c.RunId, c.Image, c.State, c.Status))],
        AppJson.Default.IReadOnlyListPsContainerJson);
}
