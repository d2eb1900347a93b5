using AgentSpec.Model;
using Xunit;

namespace AgentSpec.Generators.Tests;

/// <summary>The emitted plans carry each group's agent block, merged with defaults.agent, exactly as the compiler decided it.</summary>
public class AgentGeneratorTests
{
    [Fact]
    public async Task Agent_file_generates_the_baseline_plans()
    {
        var yaml = Baselines.Input("agent.groups.yaml");
        var actual = Driver.GeneratedText(Driver.Run(yaml).Driver);
        var expected = Baselines.Read("agent.CompiledGroups.g.cs", actual);

        Assert.Equal(expected.ReplaceLineEndings(), actual.ReplaceLineEndings());
        await new GeneratorTest(yaml).WithGenerated(expected).RunAsync();
    }

    [Fact]
    public void Emitted_plans_carry_the_agent_settings_and_mcp_servers()
    {
        var all = Driver.EmittedPlans(Baselines.Input("agent.groups.yaml"));

        var main = all.Single(p => p.Id == "main").Agent;
        Assert.Equal(("claude", "Andy", "claude-sonnet-4-5", "high", (int?)20), (main.Provider, main.AssistantName, main.Model, main.Effort, main.MaxMessagesPerPrompt));
        Assert.Equal(
            [
                new McpServer(
                    "github",
                    "npx",
                    new EquatableArray<string>(["-y", "@modelcontextprotocol/server-github"]),
                    new EquatableArray<EnvVar>([new EnvVar("LOG_LEVEL", "info")]),
                    new EquatableArray<McpCredential>([new McpCredential("GITHUB_TOKEN", "github")])),
                new McpServer("notes", "/app/skills/notes/server", EquatableArray<string>.Empty, EquatableArray<EnvVar>.Empty, EquatableArray<McpCredential>.Empty),
            ],
            main.McpServers);

        // defaults.agent gives provider, model and effort; the assistant name is the group's own (NanoClaw's default at group-init).
        var helper = all.Single(p => p.Id == "helper").Agent;
        Assert.Equal(new AgentSettings { Provider = "claude", Model = "claude-sonnet-4-5", Effort = "medium" }, helper);
        Assert.Equal("Helper", helper.AssistantNameFor("Helper"));

        Assert.Equal(AgentSpec.Core.GroupsCompiler.Compile(Baselines.Input("agent.groups.yaml")).Plans, all);
    }
}
