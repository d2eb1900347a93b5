using System.CommandLine;
using AgentSpec.App.Json;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>agentspec init [GROUP...] [--data-dir DIR] [--session S] [--json]: group-init, never overwriting or deleting.</summary>
internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var group = new Argument<string[]>("group") { Description = "Groups to initialise (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var dataDir = CommonOptions.DataDir();
        var session = CommonOptions.Session();
        var json = CommonOptions.Json("Print what was created as JSON.");
        var command = new Command(
            "init",
            "Group-init: create a group's folders under the data root (groups/<folder>/, data/v2-sessions/<id>/ with the session folder, "
            + "skill-data/ and .claude-shared/). Idempotent: never overwrites or deletes.")
        {
            group, dataDir, session, json,
        };
        command.SetAction(parse =>
        {
            var sessionName = CommonOptions.SessionName(parse.GetValue(session));
            var ids = parse.GetValue(group) ?? [];
            var plans = ids.Length == 0 ? context.Plans.All : ids.Select(context.Plans.Get).ToList();
            var root = DataRoots.Resolve(context, parse.GetValue(dataDir), create: true);
            var reports = RuntimeGuard.Run(() =>
            {
                DataRootCheck.EnsureUsable(root, context.Home, context.DefaultAllowlist, WritableFolders.Of(context.Plans.All, context.Home));
                return GroupInit.InitMany(plans, root, sessionName);
            });
            if (parse.GetValue(json))
            {
                WriteJson(context, root, reports);
            }
            else
            {
                WriteText(context, reports);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteJson(CliContext context, string root, IReadOnlyList<InitReport> reports) => JsonOutput.Write(
        context.Out,
        new InitDocumentJson(root, [.. reports.Select(r => new InitGroupJson(r.GroupId, [.. r.Created.Select(e => e.ToString())]))]),
        AppJson.Default.InitDocumentJson);

    private static void WriteText(CliContext context, IReadOnlyList<InitReport> reports)
    {
        foreach (var report in reports)
        {
            TextWrap.Write(context.Out, report.CreatedAnything
                ? $"group {report.GroupId}: created {report.Created.Count} entr{(report.Created.Count == 1 ? "y" : "ies")}"
                : $"group {report.GroupId}: already initialised, nothing changed", context.Width);
            foreach (var entry in report.Created)
            {
                TextWrap.Write(context.Out, "  + " + entry, context.Width);
            }
        }
    }
}
