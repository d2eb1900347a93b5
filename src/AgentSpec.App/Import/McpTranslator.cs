using System.Text.Json;

namespace AgentSpec.App.Import;

/// <summary>
/// container_configs.mcp_servers (NanoClaw's <c>{name: {command, args, env, instructions}}</c>) to the agent block's
/// mcpServers: plain env values stay, secret ones become credential references whose values are collected apart.
/// </summary>
internal static class McpTranslator
{
    private static readonly string[] Known = { "command", "args", "env", "instructions" };

    public static IReadOnlyList<ImportedMcpServer> Translate(NanoClawGroup group, string groupId, List<ImportNote> notes, List<ImportedSecret> secrets)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(group.McpServers);
        }
        catch (JsonException)
        {
            notes.Add(new ImportNote("not-carried", groupId, "mcp_servers", "is not valid JSON; no MCP server was carried over") { Part = $"group:{groupId}" });
            return Array.Empty<ImportedMcpServer>();
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                notes.Add(new ImportNote("not-carried", groupId, "mcp_servers",
                    "is not a JSON object; no MCP server was carried over") { Part = $"group:{groupId}" });
                return Array.Empty<ImportedMcpServer>();
            }

            var servers = new List<ImportedMcpServer>();
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (Server(entry, groupId, group.Folder, notes, secrets) is { } server)
                {
                    servers.Add(server);
                }
            }

            return servers;
        }
    }

    private static ImportedMcpServer? Server(JsonProperty entry, string groupId, string folder, List<ImportNote> notes, List<ImportedSecret> secrets)
    {
        var name = entry.Name;
        var part = $"mcp:{groupId}:{name}";
        var value = entry.Value;
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String
            || command.GetString()!.Length == 0)
        {
            notes.Add(new ImportNote("dropped", groupId, $"MCP server '{name}'",
                "has no command string; NanoClaw's runner cannot start it either") { Part = $"agent:{groupId}" });
            return null;
        }

        foreach (var key in value.EnumerateObject().Select(p => p.Name).Where(k => !Known.Contains(k)))
        {
            notes.Add(new ImportNote("not-carried", groupId, $"MCP server '{name}' key '{key}'",
                "is not part of NanoClaw's McpServerConfig; left out") { Part = part });
        }

        if (value.TryGetProperty("instructions", out _))
        {
            notes.Add(new ImportNote("not-carried", groupId, $"MCP server '{name}' instructions", "AgentSpec's agent block has no instructions; NanoClaw "
                + "composes them "
                + "into the group's CLAUDE.md, so add them to groups/" + folder + "/CLAUDE.md or a fragment") { Part = part });
        }

        var args = new List<string>();
        if (value.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Array)
        {
            args.AddRange(a.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()));
        }

        var env = new List<KeyValuePair<string, string>>();
        var credentials = new List<KeyValuePair<string, string>>();
        if (value.TryGetProperty("env", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in e.EnumerateObject())
            {
                var text = variable.Value.ValueKind == JsonValueKind.String ? variable.Value.GetString()! : variable.Value.GetRawText();
                if (!SecretValues.IsSecret(variable.Name, text))
                {
                    env.Add(new(variable.Name, text));
                    continue;
                }

                var credential = CredentialFor(text, folder, name, variable.Name, secrets);
                secrets.Add(new ImportedSecret(credential, text, groupId, name, variable.Name));
                credentials.Add(new(variable.Name, credential));
                notes.Add(new ImportNote("secret", groupId, $"MCP server '{name}' env {variable.Name}",
                    $"holds a secret; groups.yaml names the credential '{credential}' instead, and its value belongs in the operator's credentials.json")
                {
                    Part = part,
                });
            }
        }

        return new ImportedMcpServer(name, command.GetString()!, args, env, credentials);
    }

    // The same value under the same name is one credential; a different value gets the group's folder in its name.
    private static string CredentialFor(string value, string folder, string server, string env, List<ImportedSecret> secrets)
    {
        var name = SecretValues.CredentialNameOf(server, env);
        if (secrets.FirstOrDefault(s => s.CredentialName == name) is not { } existing || existing.Value == value)
        {
            return name;
        }

        var scoped = SecretValues.CredentialNameOf(folder, server, env);
        for (var i = 2; secrets.Any(s => s.CredentialName == scoped && s.Value != value); i++)
        {
            scoped = SecretValues.CredentialNameOf(folder, server, env, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return scoped;
    }
}
