using System.Linq;
using AgentSpec.Model;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0801–AGS0808: the agent block (issue 20 item 2). Each case writes the mistake and expects its one finding where it is.</summary>
    public class AgentRuleTests
    {
        /// <summary>The main group with an 'agent:' block at line 8; its keys start at line 9, column 7.</summary>
        private static string Agent(string body) => Yaml.Head + "    agent:\n" + body;

        /// <summary>One MCP server 'github' (line 10) whose keys start at line 11, column 11.</summary>
        private static string Server(string body) => Agent("      mcpServers:\n        github:\n" + body);

        [Fact]
        public void A_full_block_is_clean_and_lands_in_the_plan()
        {
            var result = AssertClean(Agent(
                "      provider: claude\n      assistantName: Andy\n      model: claude-sonnet-4-5\n      effort: xhigh\n      maxMessagesPerPrompt: 1000\n" +
                "      mcpServers:\n        github:\n          command: npx\n          args: [\"-y\", \"@modelcontextprotocol/server-github\"]\n" +
                "          env:\n            LOG_LEVEL: info\n            API_URL: https://api.github.com/graphql\n" +
                "          credentials:\n            GITHUB_TOKEN: github\n"));
            var agent = result.Plans.Single().Agent;
            Assert.Equal(("claude", "Andy", "claude-sonnet-4-5", "xhigh", (int?)1000), (agent.Provider, agent.AssistantName, agent.Model, agent.Effort, agent.MaxMessagesPerPrompt));
            var server = Assert.Single(agent.McpServers);
            Assert.Equal("npx -y @modelcontextprotocol/server-github (env LOG_LEVEL, API_URL; credentials GITHUB_TOKEN=github)", server.Describe());
        }

        [Fact]
        public void No_block_is_none_and_defaults_fill_provider_model_and_effort_key_by_key()
        {
            Assert.Same(AgentSettings.None, AssertClean(Yaml.Head).Plans.Single().Agent);
            var text = "version: 1\ndefaults:\n  image: img\n  agent:\n    provider: claude\n    model: m1\n    effort: low\ngroups:\n"
                + "  - id: main\n    folder: main\n    main: true\n    agent:\n      effort: max\n  - id: b\n    folder: b\n";
            var plans = AssertClean(text).Plans;
            Assert.Equal(new AgentSettings { Provider = "claude", Model = "m1", Effort = "max" }, plans[0].Agent);
            Assert.Equal(new AgentSettings { Provider = "claude", Model = "m1", Effort = "low" }, plans[1].Agent);
        }

        [Fact]
        public void Identity_keys_are_not_allowed_in_defaults()
        {
            var text = "version: 1\ndefaults:\n  image: img\n  agent:\n    assistantName: Andy\ngroups:\n  - id: main\n    folder: main\n    main: true\n";
            AssertSingle(text, "AGS0101", 5, 5);
        }

        [Fact]
        public void An_unknown_key_gets_a_did_you_mean() =>
            Assert.Contains("maxMessagesPerPrompt", AssertSingle(Agent("      maxMessagesPerPromt: 5\n"), "AGS0101", 9, 7).Message);

        [Theory]
        [InlineData("hgih", "did you mean 'high'")]
        [InlineData("HIGH", "did you mean 'high'")]
        [InlineData("extreme", "low, medium, high, xhigh, max")]
        public void An_unknown_effort(string effort, string hint) =>
            Assert.Contains(hint, AssertSingle(Agent($"      effort: {effort}\n"), "AGS0801", 9, 15).Message);

        [Theory]
        [InlineData("0")]
        [InlineData("-3")]
        [InlineData("1001")]
        public void Max_messages_out_of_range(string value) =>
            AssertSingle(Agent($"      maxMessagesPerPrompt: {value}\n"), "AGS0802", 9, 29);

        [Fact]
        public void A_server_without_command() =>
            Assert.Contains("'github' has no command", AssertSingle(Server("          args: [\"x\"]\n"), "AGS0803", 10, 9).Message);

        [Theory]
        [InlineData("sk-ant-api03-abcdefghijklmnop")]
        [InlineData("ghp_0123456789abcdefghijklmnopqrstuvwxyz")]
        [InlineData("github_pat_11ABCDEFG0123456789")]
        [InlineData("xoxb-1234567890-abcdefghij")]
        [InlineData("AKIAIOSFODNN7EXAMPLE")]
        [InlineData("aB3xK9pQ2mN7vL4wR8tY1zC6dF5gH0jS")]
        public void A_secret_looking_env_value_is_an_error_that_says_where_secrets_go(string value)
        {
            var f = AssertSingle(Server($"          command: npx\n          env:\n            TOKEN: \"{value}\"\n"), "AGS0804", 13, 20);
            Assert.Contains("credentials:", f.Message);
            Assert.Contains("credentials.json", f.Message);
            Assert.DoesNotContain(value, f.Message);
        }

        [Theory]
        [InlineData("info")]
        [InlineData("/workspace/agent/some-long-path-name-here")]
        [InlineData("123e4567-e89b-12d3-a456-426614174000")]
        [InlineData("claude-sonnet-4-5-20250929")]
        [InlineData("my-service-name-for-prod-2024")]
        [InlineData("sk-")]
        public void Ordinary_env_values_are_not_secrets(string value) =>
            AssertClean(Server($"          command: npx\n          env:\n            VALUE: \"{value}\"\n"));

        [Theory]
        [InlineData("env", "HOME")]
        [InlineData("env", "SKILL_DATA_DIR")]
        [InlineData("env", "AGENTSPEC_ANYTHING")]
        [InlineData("env", "LD_PRELOAD")]
        [InlineData("env", "NODE_OPTIONS")]
        [InlineData("env", "HTTPS_PROXY")]
        [InlineData("credentials", "PATH")]
        [InlineData("credentials", "HOME")]
        public void Reserved_and_loader_names_are_refused_in_env_and_credentials(string where, string name) =>
            Assert.Contains($"'{name}' of MCP server 'github' ({where})", AssertSingle(Server($"          command: npx\n          {where}:\n            {name}: x\n"), "AGS0805", 13, 13).Message);

        [Fact]
        public void An_invalid_variable_name_is_AGS0407() =>
            AssertSingle(Server("          command: npx\n          env:\n            \"MY VAR\": x\n"), "AGS0407", 13, 13);

        [Fact]
        public void The_same_variable_in_env_and_credentials() =>
            Assert.Contains("line 13", AssertSingle(Server("          command: npx\n          env:\n            TOKEN: x\n          credentials:\n            TOKEN: github\n"), "AGS0806", 15, 13).Message);

        [Theory]
        [InlineData("GitHub")]
        [InlineData("ghp_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz")]
        [InlineData("-x")]
        public void An_invalid_credential_name(string name) =>
            AssertHas(Compile(Server($"          command: npx\n          credentials:\n            TOKEN: \"{name}\"\n")), "AGS0807", 13, 20);

        [Theory]
        [InlineData("\"my server\"")]
        [InlineData("\"a/b\"")]
        [InlineData("-x")]
        public void An_invalid_server_name(string name) =>
            AssertSingle(Agent($"      mcpServers:\n        {name}:\n          command: npx\n"), "AGS0808", 10, 9);

        [Fact]
        public void A_plan_with_an_agent_block_differs_from_one_without()
        {
            var plain = AssertClean(Yaml.Head).Plans.Single();
            var declared = AssertClean(Agent("      model: m\n")).Plans.Single();
            Assert.NotEqual(plain, declared);
            Assert.Equal(plain, declared with { Agent = AgentSettings.None });
        }
    }
}
