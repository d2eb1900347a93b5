using AgentSpec.Core.Diagnostics;

namespace AgentSpec.App.Import;

/// <summary>
/// `agentspec import nanoclaw`: NanoClaw's database and allowlist to a groups.yaml that compiles. The file is compiled
/// with the options the build would use for it before anything is written; a mount or MCP server the compiler refuses
/// is left out with the compiler's message, and any other error stops the import with the findings.
/// </summary>
internal static class NanoClawImporter
{
    public const string DefaultImage = "agentspec/agent:latest";

    public static ImportResult Run(CliContext context, string projectRoot, string nanoClawAllowlist, string outPath, string? mainId)
    {
        var database = Path.Join(projectRoot, "data", "v2.db");
        var sources = NanoClawDatabase.Read(database);
        if (sources.Count == 0)
        {
            throw new CliException($"cannot import: {database} holds no agent groups; nothing to write");
        }

        if (mainId is not null && sources.All(g => g.Id != mainId))
        {
            throw new CliException($"--main {mainId}: no such group in {database} (groups: {string.Join(", ", sources.Select(g => g.Id))})", ExitCodes.Usage);
        }

        var notes = new List<ImportNote>();
        var main = mainId ?? sources.FirstOrDefault(g => g.Folder == "main")?.Id;
        notes.Add(main is null
            ? new ImportNote("info", null, "main group", "NanoClaw v2 has no main group and no group has the folder 'main'; every group is non-main (pass "
                + "--main ID to choose one)")
            : new ImportNote("info", main, "main group", mainId is null ? "the group with folder 'main' is the main group (pass --main ID to choose "
                + "another)" : "chosen with --main")
            {
                Part = $"group:{main}",
            });

        var import = new ImportContext(NanoClawAllowlist.Load(nanoClawAllowlist), context.Home, projectRoot, AgentBlockWriter.Supported());
        var secrets = new List<ImportedSecret>();
        var groups = sources.Select(g => GroupTranslator.Translate(g, g.Id == main, import, notes, secrets)).ToList();
        if (!import.AgentBlock)
        {
            notes.RemoveAll(n => n.Kind == "secret");
            secrets.Clear();
        }

        var allowlist = AllowlistTranslator.Translate(import.Allowlist, context.Home, notes);
        var (yaml, warnings) = Compile(context, groups, import, outPath, notes, database);
        foreach (var warning in warnings)
        {
            notes.Add(new ImportNote("warning", null, warning.Id, warning.Message, warning.Span.StartLine + 1));
        }

        var lines = notes.Select(n => n.Line is null && n.Part is not null ? n with { Line = yaml.LineOf(n.Part) ?? yaml.LineOf(GroupPart(n)) } : n).ToList();
        var used = groups.SelectMany(g => g.Agent?.McpServers ?? []).SelectMany(s => s.Credentials).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new ImportResult(yaml.ToString(), groups, lines, allowlist,
            secrets.Where(s => used.Contains(s.CredentialName)).DistinctBy(s => s.CredentialName).ToList())
        {
            DatabasePath = database,
            NanoClawAllowlistPath = nanoClawAllowlist,
        };
    }

    private static string GroupPart(ImportNote note) => "group:" + note.GroupId;

    private static (YamlText Yaml, IReadOnlyList<Finding> Warnings) Compile(
        CliContext context, List<ImportedGroup> groups, ImportContext import, string outPath, List<ImportNote> notes, string database)
    {
        for (var attempt = 0; ; attempt++)
        {
            var nonMainReadWrite = groups.Any(g => !g.Main && g.Mounts.Any(m => !m.ReadOnly));
            var yaml = GroupsYamlBuilder.Build(groups, DefaultImage, nonMainReadWrite, import.AgentBlock, database);
            var file = new GroupsFileText(Path.GetFileName(outPath), yaml.ToString(), outPath);
            var findings = GroupsFiles.Compile(context, file).Findings;
            var errors = findings.Where(f => f.IsError).ToList();
            if (errors.Count == 0)
            {
                return (yaml, findings.Where(f => f.Severity == RuleSeverity.Warning).ToList());
            }

            var removed = false;
            foreach (var error in errors)
            {
                removed |= Remove(groups, yaml.PartAt(error.Span.StartLine + 1, p => p.StartsWith("mount:", StringComparison.Ordinal) || p.StartsWith("mcp:",
                    StringComparison.Ordinal)), error, notes);
            }

            if (!removed || attempt > 1000)
            {
                var shown = string.Join(Environment.NewLine, errors.Select(e => "  " + e.Format(file.DisplayName)));
                throw new CliException($"cannot import: the groups.yaml made from {database} does not compile, and nothing was "
                    + $"written:{Environment.NewLine}{shown}"
                    + $"{Environment.NewLine}Fix the group in NanoClaw (or report it to AgentSpec) and import again.");
            }
        }
    }

    private static bool Remove(List<ImportedGroup> groups, string? part, Finding error, List<ImportNote> notes)
    {
        if (part is null)
        {
            return false;
        }

        var pieces = part.Split(':', 3);
        var index = groups.FindIndex(g => g.Id == pieces[1]);
        if (index < 0)
        {
            return false;
        }

        var group = groups[index];
        if (pieces[0] == "mount" && group.Mounts.FirstOrDefault(m
            => m.Index.ToString(System.Globalization.CultureInfo.InvariantCulture) == pieces[2]) is { } mount)
        {
            groups[index] = group with { Mounts = group.Mounts.Where(m => m != mount).ToList() };
            notes.RemoveAll(n => n.Part == part);
            notes.Add(new ImportNote("dropped", group.Id, $"mount {mount.Index} ({mount.HostPath} -> {mount.ContainerPath})",
                $"NanoClaw mounts it, but AgentSpec refuses it ({error.Id}: {error.Message}); not carried over") { Part = $"mounts:{group.Id}" });
            return true;
        }

        if (pieces[0] == "mcp" && group.Agent is { } agent && agent.McpServers.FirstOrDefault(s => s.Name == pieces[2]) is { } server)
        {
            groups[index] = group with { Agent = agent with { McpServers = agent.McpServers.Where(s => s != server).ToList() } };
            notes.RemoveAll(n => n.Part == part);
            notes.Add(new ImportNote("dropped", group.Id, $"MCP server '{server.Name}'", $"AgentSpec refuses it ({error.Id}: {error.Message}); not "
                + $"carried over")
            {
                Part = $"agent:{group.Id}",
            });
            return true;
        }

        return false;
    }
}
