using System;
using System.IO;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine: an MCP server's credential is read at spawn from the operator's credentials.json and
    /// reaches the runner only in container.json; a missing one stops the spawn before anything is created, naming it.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class McpCredentialTests : EngineTest
    {
        private const string Secret = "ghp_0123456789abcdefghijklmnopqrstuvwxyz";

        public McpCredentialTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private string CredentialsPath => Path.Join(Host.Home, ".config/agentspec/credentials.json");

        private static GroupPlan Plan() => TestHost.Plan("main") with
        {
            Agent = new AgentSettings
            {
                McpServers = new EquatableArray<McpServer>(new[]
                {
                    new McpServer(
                        "github",
                        "npx",
                        new EquatableArray<string>(new[] { "-y", "@modelcontextprotocol/server-github" }),
                        new EquatableArray<EnvVar>(new[] { new EnvVar("LOG_LEVEL", "info") }),
                        new EquatableArray<McpCredential>(new[] { new McpCredential("GITHUB_TOKEN", "github") })),
                }),
            },
        };

        private void WriteCredentials(string json)
        {
            Host.WriteAllowlistAt(CredentialsPath, json);
            File.SetUnixFileMode(CredentialsPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        private GroupRunOptions Options(string command) =>
            new(Host.Options() with { CredentialsPath = CredentialsPath }) { Command = new[] { "sh", "-c", command } };

        [Fact]
        public async Task The_value_reaches_the_runner_in_container_json_and_nowhere_else()
        {
            WriteCredentials($$"""{ "credentials": { "github": { "value": "{{Secret}}" } } }""");
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            var result = await Launcher.RunAsync(Plan(), Options("grep -c '\"GITHUB_TOKEN\": \"" + Secret + "\"' /workspace/agent/container.json; env | grep -c ghp_ || true"), new GroupOutput(stdout, stderr));

            Assert.True(result.ExitCode == 0, stdout + "\n" + stderr);
            Assert.Equal(new[] { "1", "0" }, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("\"LOG_LEVEL\": \"info\"", File.ReadAllText(Path.Join(Host.DataRoot, "groups/main/container.json")));
        }

        [Fact]
        public async Task A_missing_credential_stops_the_spawn_before_group_init_and_says_where_it_goes()
        {
            WriteCredentials("""{ "credentials": { "anthropic": { "header": "x-api-key", "value": "sk-ant-not-this-one" } } }""");

            var error = await Assert.ThrowsAnyAsync<RuntimeError>(() => Launcher.RunAsync(Plan(), Options("true"), new GroupOutput(TextWriter.Null, TextWriter.Null)));

            Assert.Contains("'github' (for GITHUB_TOKEN of MCP server 'github')", error.Message);
            Assert.Contains(CredentialsPath, error.Message);
            Assert.DoesNotContain("sk-ant", error.Message);
            Assert.False(Directory.Exists(Path.Join(Host.DataRoot, "groups/main")), "nothing is created for a spawn that cannot run");
        }
    }
}
