using System.Text;
using System.Text.Json;

namespace AgentSpec.App.Import;

/// <summary>
/// Writes what an import made: groups.yaml (never over an existing file without --force), the translated allowlist
/// in AgentSpec's place and, when secrets were found and the operator has no credentials.json yet, that file. Both
/// operator files are created 0600 in a 0700 folder, as their trust checks require; an existing one is never changed
/// without --force (the allowlist) or at all (credentials.json: the report names what to add).
/// </summary>
internal static class ImportWriter
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Refuses before anything is written when groups.yaml exists and --force is not given.</summary>
    public static void EnsureWritable(string groupsPath, bool force)
    {
        if (!force && (File.Exists(groupsPath) || Directory.Exists(groupsPath)))
        {
            throw new CliException($"cannot import: {groupsPath} exists, and the import never overwrites it; pass --out FILE to write another file, "
                + "or --force to replace it (review the difference with `agentspec diff`)");
        }
    }

    public static ImportOutcome Write(ImportResult result, string groupsPath, string allowlistPath, string credentialsPath, bool force)
    {
        EnsureWritable(groupsPath, force);
        var groupsAction = File.Exists(groupsPath) ? "replaced" : "written";
        File.WriteAllText(groupsPath, result.Yaml, new UTF8Encoding(false));

        var allowlistAction = "none";
        if (result.Allowlist is { } allowlist)
        {
            var json = allowlist.ToJson();
            if (!File.Exists(allowlistPath))
            {
                WritePrivate(allowlistPath, json, createNew: true);
                allowlistAction = "written";
            }
            else if (File.ReadAllText(allowlistPath) == json)
            {
                allowlistAction = "unchanged";
            }
            else if (force)
            {
                WritePrivate(allowlistPath, json, createNew: false);
                allowlistAction = "replaced";
            }
            else
            {
                allowlistAction = "kept";
            }
        }

        var credentialsAction = "none";
        if (result.Secrets.Count > 0)
        {
            if (File.Exists(credentialsPath))
            {
                credentialsAction = "kept";
            }
            else
            {
                WritePrivate(credentialsPath, Credentials(result.Secrets), createNew: true);
                credentialsAction = "written";
            }
        }

        return new ImportOutcome(groupsPath, groupsAction, result.Allowlist is null ? null : allowlistPath, allowlistAction,
            result.Secrets.Count > 0 ? credentialsPath : null, credentialsAction);
    }

    /// <summary>credentials.json in the operator's shape: <c>{ "credentials": { NAME: { "value": "..." } } }</c>.</summary>
    public static string Credentials(IReadOnlyList<ImportedSecret> secrets)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("credentials");
            foreach (var secret in secrets)
            {
                w.WriteStartObject(secret.CredentialName);
                w.WriteString("value", secret.Value);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WritePrivate(string path, string text, bool createNew)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new CliException("import writes the operator's files with POSIX modes; run it on Linux or macOS");
        }

        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, PrivateFolder);
        }

        var options = new FileStreamOptions
        {
            Mode = createNew ? FileMode.CreateNew : FileMode.Truncate,
            Access = FileAccess.Write,
            UnixCreateMode = createNew ? Private : null,
        };
        using (var stream = new FileStream(path, options))
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            stream.Write(bytes);
        }

        File.SetUnixFileMode(path, Private);
    }
}
