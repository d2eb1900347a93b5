using System;
using System.IO;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// container.json in the shape NanoClaw's agent runner reads (container/agent-runner/src/config.ts): the identity
/// (agentGroupId = the id, groupName = the name, assistantName = the declared one or else the name), the agent block
/// (provider, model, effort, maxMessagesPerPrompt: left out when not declared, so the runner's defaults apply),
/// mcpServers as {name: {command, args, env}}, and skills; then AgentSpec's own keys (folder, main, image, note).
/// An MCP server's credentials are filled into its env from <c>credential</c> (the operator's credentials.json,
/// read at spawn); without it they are left out (Kubernetes, previews).
/// </summary>
internal static class ContainerConfigJson
{
    public const string Note =
        "Written by agentspec group-init before each spawn from the compiled groups.yaml. Mounts come from the plan, not from this file.";

    public static string Write(GroupPlan plan, Func<McpCredential, string>? credential = null)
    {
        var agent = plan.Agent;
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("agentGroupId", plan.Id);
            w.WriteString("groupName", plan.Name);
            w.WriteString("assistantName", agent.AssistantNameFor(plan.Name));
            Optional(w, "provider", agent.Provider);
            Optional(w, "model", agent.Model);
            Optional(w, "effort", agent.Effort);
            if (agent.MaxMessagesPerPrompt is { } max)
            {
                w.WriteNumber("maxMessagesPerPrompt", max);
            }

            w.WriteStartObject("mcpServers");
            foreach (var server in agent.McpServers)
            {
                w.WriteStartObject(server.Name);
                McpServerJson.WriteBody(w, server, credential);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            PlanJson.WriteSkills(w, plan);
            w.WriteString("folder", plan.Folder);
            w.WriteBoolean("main", plan.IsMain);
            w.WriteString("image", plan.Image);
            w.WriteString("note", Note);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
