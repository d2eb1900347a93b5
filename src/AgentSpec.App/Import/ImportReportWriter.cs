using System.Text.Json;

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

    public static void WriteJson(TextWriter output, ImportResult result, ImportOutcome outcome) =>
        JsonOutput.Write(output, w =>
        {
            w.WriteStartObject();
            w.WriteString("database", result.DatabasePath);
            w.WriteString("nanoclawAllowlist", result.NanoClawAllowlistPath);
            File(w, "groupsFile", outcome.GroupsPath, outcome.GroupsAction);
            File(w, "allowlist", outcome.AllowlistPath, outcome.AllowlistAction);
            File(w, "credentials", outcome.CredentialsPath, outcome.CredentialsAction);
            w.WriteStartArray("credentialNames");
            foreach (var secret in result.Secrets)
            {
                w.WriteStartObject();
                w.WriteString("name", secret.CredentialName);
                w.WriteString("group", secret.GroupId);
                w.WriteString("mcpServer", secret.Server);
                w.WriteString("env", secret.EnvName);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("groups");
            foreach (var group in result.Groups)
            {
                w.WriteStartObject();
                w.WriteString("id", group.Id);
                w.WriteString("name", group.Name);
                w.WriteBoolean("main", group.Main);
                w.WriteStartArray("mounts");
                foreach (var mount in group.Mounts)
                {
                    w.WriteStartObject();
                    w.WriteString("hostPath", mount.HostPath);
                    w.WriteString("containerPath", "/workspace/extra/" + mount.ContainerPath);
                    w.WriteBoolean("readonly", mount.ReadOnly);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in result.Notes)
            {
                w.WriteStartObject();
                w.WriteString("kind", note.Kind);
                StringOrNull(w, "group", note.GroupId);

                w.WriteString("subject", note.Subject);
                w.WriteString("reason", note.Reason);
                if (note.Line is { } line)
                {
                    w.WriteNumber("line", line);
                }
                else
                {
                    w.WriteNull("line");
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static void Notes(TextWriter o, string file, IEnumerable<ImportNote> notes)
    {
        foreach (var note in notes.OrderBy(n => n.Line ?? int.MaxValue))
        {
            var where = note.Line is { } line ? $"{file}:{line}: " : string.Empty;
            o.WriteLine($"  {where}{note.Kind}: {note.Subject}: {note.Reason}");
        }
    }

    private static void StringOrNull(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void File(Utf8JsonWriter w, string name, string? path, string action)
    {
        w.WriteStartObject(name);
        StringOrNull(w, "path", path);

        w.WriteString("action", action);
        w.WriteEndObject();
    }
}
