using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>
/// The MCP part of the access diff, per group: a server is a program the runner starts inside the agent's container,
/// so a new server, or one whose command, arguments or environment changed, is a grant (mcp-server-added,
/// mcp-server-changed); a removed one a revoke. Each credential a server gains is credential-added (the host hands
/// the operator's secret to it at spawn), each it loses credential-removed. Servers are matched by name.
/// </summary>
internal static class McpDiff
{
    public static void Compare(string id, AgentSettings before, AgentSettings after, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        foreach (var a in after.McpServers)
        {
            var b = before.McpServers.FirstOrDefault(s => s.Name == a.Name);
            if (b is null)
            {
                changes.Add(Change(id, ChangeEffect.Grant, ChangeKinds.McpServerAdded, null, a, bl, hl));
            }
            else if (b.Command != a.Command || !b.Args.Equals(a.Args) || !b.Env.Equals(a.Env))
            {
                changes.Add(Change(id, ChangeEffect.Grant, ChangeKinds.McpServerChanged, b, a, bl, hl));
            }

            CompareCredentials(id, a.Name, b?.Credentials ?? EquatableArray<McpCredential>.Empty, a.Credentials, bl, hl, changes);
        }

        foreach (var b in before.McpServers.Where(b => after.McpServers.All(a => a.Name != b.Name)))
        {
            changes.Add(Change(id, ChangeEffect.Revoke, ChangeKinds.McpServerRemoved, b, null, bl, hl));
            CompareCredentials(id, b.Name, b.Credentials, EquatableArray<McpCredential>.Empty, bl, hl, changes);
        }
    }

    private static void CompareCredentials(
        string id,
        string server,
        EquatableArray<McpCredential> before,
        EquatableArray<McpCredential> after,
        GroupLines? bl,
        GroupLines? hl,
        List<AccessChange> changes)
    {
        foreach (var a in after.Where(a => !before.Contains(a)))
        {
            changes.Add(new AccessChange(id, ChangeEffect.Grant, ChangeKinds.CredentialAdded, null, Text(server, a), null, hl?.Line));
        }

        foreach (var b in before.Where(b => !after.Contains(b)))
        {
            changes.Add(new AccessChange(id, ChangeEffect.Revoke, ChangeKinds.CredentialRemoved, Text(server, b), null, bl?.Line, null));
        }
    }

    private static AccessChange Change(string id, ChangeEffect effect, string kind, McpServer? b, McpServer? a, GroupLines? bl, GroupLines? hl) =>
        new(
            id,
            effect,
            kind,
            b is null ? null : b.Name + ": " + b.Describe(),
            a is null ? null : a.Name + ": " + a.Describe(),
            b is null ? null : bl?.Line,
            a is null ? null : hl?.Line);

    private static string Text(string server, McpCredential credential) =>
        "credential " + credential.Credential + " as " + credential.Variable + " for MCP server " + server;
}
