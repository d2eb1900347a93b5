using AgentSpec.App.Json;

namespace AgentSpec.App.Import;

/// <summary>The import's report: readable text grouped per group, or one JSON document (--json). Secret values never appear.</summary>
internal static class ImportReportWriter
{
    public static void WriteText(TextWriter o, ImportResult result, ImportOutcome outcome)
    {
        var file = Path.GetFileName(outcome.GroupsPath);
        o.WriteLine($"imported {result.Groups.Count} group(s) from {result.DatabasePath}: {outcome.GroupsPath} {outcome.GroupsAction} (it compiles; "
            + $"review it)");
        foreach (var group in result.Groups)
        {
            var mounts = group.Mounts.Count == 0 ? "no operator mounts" : string.Join(", ", group.Mounts.Select(m => $"{m.ContainerPath} "
                + $"({(m.ReadOnly ? "ro" : "rw")})"));
            o.WriteLine();
            o.WriteLine($"group {group.Id} ({group.Name}){(group.Main ? ", main" : string.Empty)}: {mounts}");
            Notes(o, file, result.Notes.Where(n => n.GroupId == group.Id));
        }

        var general = result.Notes.Where(n => n.GroupId is null || result.Groups.All(g => g.Id != n.GroupId)).ToList();
        if (general.Count > 0)
        {
            o.WriteLine();
            o.WriteLine("allowlist and file:");
            Notes(o, file, general);
        }

        o.WriteLine();
        o.WriteLine(outcome.AllowlistAction switch
        {
            "written" => $"allowlist: written to {outcome.AllowlistPath} (mode 0600), translated from {result.NanoClawAllowlistPath}",
            "replaced" => $"allowlist: {outcome.AllowlistPath} replaced (--force) by the translation of {result.NanoClawAllowlistPath}",
            "unchanged" => $"allowlist: {outcome.AllowlistPath} already says the same",
            "kept" => $"allowlist: {outcome.AllowlistPath} exists and differs from the translation; it was NOT changed. Compare it with this translation "
                + $"(or pass --force to replace it):{Environment.NewLine}{result.Allowlist!.ToJson().TrimEnd()}",
            _ => "allowlist: none written (see above)",
        });
        var names = string.Join(", ", result.Secrets.Select(s => $"'{s.CredentialName}' ({s.GroupId}/{s.Server} {s.EnvName})"));
        if (outcome.CredentialsAction == "written")
        {
            o.WriteLine($"credentials: the MCP secrets found ({names}) were written to {outcome.CredentialsPath} (mode 0600), not to {file}; "
                + "they stay in NanoClaw's database too: rotate them if that database was ever shared");
        }
        else if (outcome.CredentialsAction == "kept")
        {
            o.WriteLine($"credentials: {outcome.CredentialsPath} exists and was not changed; add these credentials to it, with the values from NanoClaw's "
                + $"container_configs.mcp_servers: {names}");
        }

        o.WriteLine($"next: agentspec check {file}, then agentspec doctor; "
            + $"{result.Notes.Count(n => n.Kind is "dropped" or "downgraded" or "not-carried")} item(s) above were not carried over as they were");
    }

    public static void WriteJson(TextWriter output, ImportResult result, ImportOutcome outcome) => JsonOutput.Write(
        output,
        new ImportReportJson(
            result.DatabasePath,
            result.NanoClawAllowlistPath,
            new ImportFileJson(outcome.GroupsPath, outcome.GroupsAction),
            new ImportFileJson(outcome.AllowlistPath, outcome.AllowlistAction),
            new ImportFileJson(outcome.CredentialsPath, outcome.CredentialsAction),
            [.. result.Secrets.Select(s => new ImportCredentialJson(s.CredentialName, s.GroupId, s.Server, s.EnvName))],
            [.. result.Groups.Select(g => new ImportGroupJson(
                g.Id, g.Name, g.Main, [.. g.Mounts.Select(m => new ImportMountJson(m.HostPath, "/workspace/extra/" + m.ContainerPath, m.ReadOnly))]))],
            [.. result.Notes.Select(n => new ImportNoteJson(n.Kind, n.GroupId, n.Subject, n.Reason, n.Line))]),
        AppJson.Default.ImportReportJson);

    private static void Notes(TextWriter o, string file, IEnumerable<ImportNote> notes)
    {
        foreach (var note in notes.OrderBy(n => n.Line ?? int.MaxValue))
        {
            var where = note.Line is { } line ? $"{file}:{line}: " : string.Empty;
            o.WriteLine($"  {where}{note.Kind}: {note.Subject}: {note.Reason}");
        }
    }
}
