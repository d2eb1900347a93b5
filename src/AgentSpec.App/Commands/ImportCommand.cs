using System.CommandLine;
using AgentSpec.App.Import;

namespace AgentSpec.App.Commands;

/// <summary>
/// agentspec import nanoclaw PROJECT_ROOT [--out FILE] [--allowlist PATH] [--main ID] [--force] [--json]: NanoClaw v2's
/// groups (data/v2.db, read-only) and mount allowlist to a groups.yaml that compiles, AgentSpec's allowlist and the
/// MCP secrets' credentials.json, with a report of everything that does not carry over and its line.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var import = new Command("import", "Make a groups.yaml from another agent host's configuration. `agentspec import nanoclaw PROJECT_ROOT` reads "
            + "NanoClaw v2.");
        import.Subcommands.Add(NanoClaw(context));
        return import;
    }

    private static Command NanoClaw(CliContext context)
    {
        var root = new Argument<string>("project-root") { Description = "The NanoClaw project root: the folder with data/v2.db (opened read-only, never "
            + "changed)." };
        var output = new Option<string?>("--out") { Description = "The groups.yaml to write (default: ./groups.yaml). An existing file is never replaced "
            + "without --force." };
        var allowlist = new Option<string?>("--allowlist")
        {
            Description = "NanoClaw's mount allowlist to read (default: ~/.config/nanoclaw/mount-allowlist.json). It is translated into AgentSpec's place "
                + "($XDG_CONFIG_HOME/agentspec/ or ~/.config/agentspec/mount-allowlist.json), never over a different existing one without --force.",
        };
        var main = new Option<string?>("--main") { Description = "The id of the group to make the main group (default: the group whose folder is 'main')." };
        var force = new Option<bool>("--force") { Description = "Replace an existing groups.yaml and AgentSpec allowlist (credentials.json is never "
            + "replaced)." };
        var json = CommonOptions.Json("Print the report as JSON: the files written, every group's mounts, and every note with its kind, reason and line.");
        var command = new Command(
            "nanoclaw",
            "Import NanoClaw v2's agent groups: writes a groups.yaml that compiles (checked before writing) with each group's id, name, folder, skills, image, "
            + "the additional mounts NanoClaw really mounts, and its agent settings and MCP servers; translates the mount allowlist; MCP env secrets become "
            + "credential names, their values go to credentials.json (0600, only when it does not exist). The report names every mount, key and setting "
            + "not carried over, with the reason and the groups.yaml line, including the mounts NanoClaw silently drops at spawn. Exits 0 when written, "
            + "1 when refused (nothing written), 2 on a usage error.")
        {
            root, output, allowlist, main, force, json,
        };
        command.SetAction(parse =>
        {
            var project = context.FullPath(parse.GetValue(root)!);
            var outPath = context.FullPath(parse.GetValue(output) ?? GroupsFiles.DefaultFile);
            var nanoClawAllowlist = parse.GetValue(allowlist) is { } given
                ? context.FullPath(given)
                : Path.Join(context.Home, ".config", "nanoclaw", "mount-allowlist.json");
            ImportWriter.EnsureWritable(outPath, parse.GetValue(force));
            var result = NanoClawImporter.Run(context, project, nanoClawAllowlist, outPath, parse.GetValue(main));
            var credentials = context.CredentialsPath;
            ImportOutcome outcome;
            try
            {
                outcome = ImportWriter.Write(result, outPath, context.DefaultAllowlist, credentials, parse.GetValue(force));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot import: writing {outPath} or the operator files beside {context.DefaultAllowlist} failed "
                    + $"({(e is UnauthorizedAccessException ? "permission denied" : "an I/O error")}); "
                    + "check that you may write there, then import again");
            }

            if (parse.GetValue(json))
            {
                ImportReportWriter.WriteJson(context.Out, result, outcome);
            }
            else
            {
                ImportReportWriter.WriteText(context.Out, result, outcome);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
