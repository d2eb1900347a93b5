using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.App.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>A group's agent block as `plan` and `audit` show it (text and JSON), from <see cref="GroupPlan.Agent"/> alone.</summary>
internal static class AgentView
{
    /// <summary>The plan's text lines: the runner settings container.json gets, then one line per MCP server.</summary>
    public static IEnumerable<string> TextLines(GroupPlan plan)
    {
        var agent = plan.Agent;
        yield return "agent: " + Settings(plan);
        foreach (var server in agent.McpServers)
        {
            yield return "  mcp server " + server.Name + ": " + server.Describe();
        }
    }

    /// <summary>"provider claude, assistant Andy (declared), model -, effort -, max messages per prompt 10 (the runner's default)".</summary>
    public static string Settings(GroupPlan plan)
    {
        var agent = plan.Agent;
        return "provider " + (agent.Provider ?? "claude (the runner's default)")
            + ", assistant " + agent.AssistantNameFor(plan.Name) + (agent.AssistantName is null ? " (the group's name)" : string.Empty)
            + ", model " + (agent.Model ?? "the provider's default")
            + ", effort " + (agent.Effort ?? "the provider's default")
            + ", max messages per prompt "
            + (agent.MaxMessagesPerPrompt?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "10 (the runner's default)")
            + (agent.McpServers.Count == 0 ? ", no MCP servers" : string.Empty);
    }

    /// <summary>
    /// "agent": {provider, assistantName, model, effort, maxMessagesPerPrompt, mcpServers: {name: {command, args, env, credentials}}};
    /// null where not declared.
    /// </summary>
    public static AgentJson Json(GroupPlan plan)
    {
        var agent = plan.Agent;
        var servers = new Dictionary<string, McpServerEntryJson>(StringComparer.Ordinal);
        foreach (var server in agent.McpServers)
        {
            servers[server.Name] = new McpServerEntryJson(
                server.Command,
                [.. server.Args],
                JsonMap.Of(server.Env.Select(e => (e.Name, e.Value))),
                JsonMap.Of(server.Credentials.Select(c => (c.Variable, c.Credential))));
        }

        return new AgentJson(
            agent.Provider, agent.AssistantNameFor(plan.Name), agent.AssistantName is not null, agent.Model, agent.Effort, agent.MaxMessagesPerPrompt, servers);
    }

    /// <summary>audit's MCP table: each server with the credentials the host hands it at spawn ('!' marks one with credentials).</summary>
    public static void WriteAudit(TextWriter output, IReadOnlyList<GroupPlan> plans, int width)
    {
        TextWrap.Write(output, "MCP servers (programs the agent runner starts inside each container; '!' marks one the host gives credentials):", width);
        var rows = plans.SelectMany(plan => plan.Agent.McpServers.Count == 0
            ? new[] { new[] { plan.Id, "none", "-", "-" } }
            : plan.Agent.McpServers.Select(s => new[]
            {
                plan.Id,
                (s.Credentials.Count > 0 ? "! " : string.Empty) + s.Name,
                s.Command + string.Concat(s.Args.Select(a => " " + a)),
                s.Credentials.Count == 0 ? "-" : string.Join(", ", s.Credentials.Select(c => c.Variable + "=" + c.Credential)),
            }).ToArray()).ToList();
        Table.Write(output, ["GROUP", "SERVER", "COMMAND", "CREDENTIALS"], rows, width, indent: "  ");
    }
}
