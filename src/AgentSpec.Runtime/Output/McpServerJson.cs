using System;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>An MCP server's "command", "args" and "env", shared by container.json and `agentspec plan --json`.</summary>
internal static class McpServerJson
{
    /// <summary>
    /// Writes the three keys into the open object; with <paramref name="credential"/> the server's credentials are
    /// added to its env with their values (container.json only: a plan never carries a value).
    /// </summary>
    public static void WriteBody(Utf8JsonWriter writer, McpServer server, Func<McpCredential, string>? credential = null)
    {
        writer.WriteString("command", server.Command);
        writer.WriteStartArray("args");
        foreach (var arg in server.Args)
        {
            writer.WriteStringValue(arg);
        }

        writer.WriteEndArray();
        writer.WriteStartObject("env");
        foreach (var env in server.Env)
        {
            writer.WriteString(env.Name, env.Value);
        }

        if (credential is not null)
        {
            foreach (var entry in server.Credentials)
            {
                writer.WriteString(entry.Variable, credential(entry));
            }
        }

        writer.WriteEndObject();
    }
}
