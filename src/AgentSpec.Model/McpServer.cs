namespace AgentSpec.Model;

/// <summary>
/// One MCP server of a group's <c>agent.mcpServers</c>: the command the agent runner starts, its arguments, its
/// plain environment (reviewed in groups.yaml, never secrets) and the variables filled from the operator's
/// credentials at spawn. Value-equatable.
/// </summary>
public sealed record McpServer(string Name, string Command, EquatableArray<string> Args, EquatableArray<EnvVar> Env, EquatableArray<McpCredential> Credentials)
{
    /// <summary>"npx -y @modelcontextprotocol/server-github (env LOG_LEVEL; credentials GITHUB_TOKEN=github)", as every view prints a server.</summary>
    public string Describe()
    {
        var text = Command;
        foreach (var arg in Args)
        {
            text += " " + arg;
        }

        var extras = new System.Collections.Generic.List<string>();
        if (Env.Count > 0)
        {
            extras.Add("env " + string.Join(", ", System.Linq.Enumerable.Select(Env, e => e.Name)));
        }

        if (Credentials.Count > 0)
        {
            extras.Add("credentials " + string.Join(", ", System.Linq.Enumerable.Select(Credentials, c => c.Variable + "=" + c.Credential)));
        }

        return extras.Count == 0 ? text : text + " (" + string.Join("; ", extras) + ")";
    }
}
