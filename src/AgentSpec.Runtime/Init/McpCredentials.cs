using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The values of a plan's MCP server credentials, read at spawn from the operator's credentials.json (trusted like the
/// allowlist: <see cref="CredentialFile"/>). A credential that is not there stops the spawn, before group-init,
/// with its name and the file to put it in. Values go into container.json only; never into a message.
/// </summary>
internal static class McpCredentials
{
    /// <summary>A lookup from MCP credential to value, or null when the plan names no MCP credential (the file is then not read).</summary>
    public static Func<McpCredential, string>? Resolve(GroupPlan plan, string credentialsPath, IReadOnlyList<WritableFolder> writable)
    {
        var wanted = plan.Agent.McpServers.SelectMany(s => s.Credentials.Select(c => (Server: s.Name, Credential: c))).ToList();
        if (wanted.Count == 0)
        {
            return null;
        }

        var file = CredentialFile.Load(credentialsPath, writable);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var (server, credential) in wanted)
        {
            if (file.Find(credential.Credential) is { } found)
            {
                values[credential.Credential] = found.Value;
            }
            else
            {
                missing.Add($"'{credential.Credential}' (for {credential.Variable} of MCP server '{server}')");
            }
        }

        if (missing.Count > 0)
        {
            var one = missing.Count == 1;
            var example = wanted.First(w => file.Find(w.Credential.Credential) is null).Credential.Credential;
            throw new RuntimeError(
                $"refusing to start group '{plan.Id}': its MCP servers need credential{(one ? string.Empty : "s")} {string.Join(", ", missing.Distinct())}, "
                + $"which {(one ? "is" : "are")} not in {credentialsPath}; add {(one ? "it" : "each")} there, e.g. "
                + "{\"credentials\": {\"" + example + "\": {\"value\": \"<the secret>\"}}}");
        }

        return c => values[c.Credential];
    }
}
