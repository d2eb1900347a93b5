using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AgentSpec.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace AgentSpec.Generators;

/// <summary>Writes a plan's <c>Agent = new AgentSettings { ... },</c> (only when the group has an agent block).</summary>
internal static class AgentEmitter
{
    public static void Append(StringBuilder sb, AgentSettings agent)
    {
        if (agent.IsEmpty)
        {
            return;
        }

        sb.Append("            Agent = new AgentSettings\n            {\n");
        Text(sb, "Provider", agent.Provider);
        Text(sb, "AssistantName", agent.AssistantName);
        Text(sb, "Model", agent.Model);
        Text(sb, "Effort", agent.Effort);
        if (agent.MaxMessagesPerPrompt is { } max)
        {
            sb.Append("                MaxMessagesPerPrompt = ").Append(max.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        }

        if (agent.McpServers.Count > 0)
        {
            sb.Append("                McpServers = new global::AgentSpec.EquatableArray<McpServer>(new McpServer[]\n                {\n");
            foreach (var server in agent.McpServers)
            {
                sb.Append("                    new McpServer(").Append(Literal(server.Name)).Append(", ").Append(Literal(server.Command)).Append(", ");
                Array(sb, "string", server.Args, Literal).Append(", ");
                Array(sb, "EnvVar", server.Env, e => "new EnvVar(" + Literal(e.Name) + ", " + Literal(e.Value) + ")").Append(", ");
                Array(sb, "McpCredential", server.Credentials, c => "new McpCredential(" + Literal(c.Variable) + ", " + Literal(c.Credential) + ")");
                sb.Append("),\n");
            }

            sb.Append("                }),\n");
        }

        sb.Append("            },\n");
    }

    private static void Text(StringBuilder sb, string property, string? value)
    {
        if (value is not null)
        {
            sb.Append("                ").Append(property).Append(" = ").Append(Literal(value)).Append(",\n");
        }
    }

    /// <summary>new global::AgentSpec.EquatableArray&lt;T&gt;(new T[] { a, b, })</summary>
    private static StringBuilder Array<T>(StringBuilder sb, string type, IEnumerable<T> items, System.Func<T, string> write)
    {
        sb.Append("new global::AgentSpec.EquatableArray<").Append(type).Append(">(new ").Append(type).Append("[] { ");
        foreach (var item in items)
        {
            sb.Append(write(item)).Append(", ");
        }

        return sb.Append("})");
    }

    private static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
