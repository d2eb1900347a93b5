using System.Globalization;
using AgentSpec.Core;

namespace AgentSpec.App.Import;

/// <summary>
/// Writes a group's <c>agent</c> block (briefs/agent-block.md; docs/groups-yaml.md, "Agent"). Whether the compiler
/// knows the block is asked of the compiler itself (<see cref="Supported"/>), so an AgentSpec without it gets a
/// groups.yaml without it and a report that says what was left out, never a file that does not compile.
/// </summary>
internal static class AgentBlockWriter
{
    private const string Probe = "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n  - id: probe\n    folder: probe\n    main: true\n"
        + "    agent:\n      assistantName: Probe\n      mcpServers:\n        probe:\n          command: probe\n          credentials:\n            "
            + "PROBE_TOKEN: probe\n";

    /// <summary>True when this AgentSpec's compiler accepts the agent block with MCP servers and credentials.</summary>
    public static bool Supported() => !GroupsCompiler.Compile(Probe).HasErrors;

    public static void Write(YamlText yaml, ImportedGroup group)
    {
        if (group.Agent is not { IsEmpty: false } agent)
        {
            return;
        }

        yaml.Begin($"agent:{group.Id}");
        yaml.Line(2, "agent:");
        Key(yaml, 3, "provider", agent.Provider);
        Key(yaml, 3, "assistantName", agent.AssistantName);
        Key(yaml, 3, "model", agent.Model);
        Key(yaml, 3, "effort", agent.Effort);
        if (agent.MaxMessagesPerPrompt is { } max)
        {
            yaml.Line(3, "maxMessagesPerPrompt: " + max.ToString(CultureInfo.InvariantCulture));
        }

        if (agent.McpServers.Count > 0)
        {
            yaml.Line(3, "mcpServers:");
            foreach (var server in agent.McpServers)
            {
                yaml.Begin($"mcp:{group.Id}:{server.Name}");
                yaml.Line(4, YamlText.Scalar(server.Name) + ":");
                yaml.Line(5, "command: " + YamlText.Scalar(server.Command));
                if (server.Args.Count > 0)
                {
                    yaml.Line(5, "args: [" + string.Join(", ", server.Args.Select(Quoted)) + "]");
                }

                Map(yaml, "env", server.Env);
                Map(yaml, "credentials", server.Credentials);
                yaml.End();
            }
        }

        yaml.End();
    }

    private static void Map(YamlText yaml, string key, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        yaml.Line(5, key + ":");
        foreach (var (name, value) in entries)
        {
            yaml.Line(6, YamlText.Scalar(name) + ": " + Quoted(value));
        }
    }

    // Values are always quoted, so "8080" and "true" stay strings.
    private static string Quoted(string value) => YamlText.Scalar(value) is var s && s.StartsWith('"') ? s : "\"" + s + "\"";

    private static void Key(YamlText yaml, int indent, string key, string? value)
    {
        if (value is not null)
        {
            yaml.Line(indent, key + ": " + YamlText.Scalar(value));
        }
    }
}
