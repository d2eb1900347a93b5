using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>`plan` (text and JSON) and `audit` show a group's agent block: the runner settings and every MCP server with its credential names.</summary>
public sealed class AgentViewTests : IDisposable
{
    private const string File = """
        version: 1
        defaults:
          image: agentspec/agent:latest
          agent:
            model: claude-sonnet-4-5
        groups:
          - id: main
            name: Main
            folder: main
            main: true
            agent:
              assistantName: Andy
              effort: high
              maxMessagesPerPrompt: 20
              mcpServers:
                github:
                  command: npx
                  args: ["-y", "@modelcontextprotocol/server-github"]
                  env:
                    LOG_LEVEL: info
                  credentials:
                    GITHUB_TOKEN: github
          - id: helper
            name: Helper
            folder: helper

        """;

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Plan_json_has_the_agent_block_with_defaults_merged_and_the_assistant_name_filled()
    {
        var file = _temp.Write("groups.yaml", File);
        var plan = (await Cli.RunAsync("plan", file, "--json")).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(plan.Stdout);
        var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!, g => g.GetProperty("agent"));

        var main = groups["main"];
        Assert.Equal("Andy", main.GetProperty("assistantName").GetString());
        Assert.True(main.GetProperty("assistantNameDeclared").GetBoolean());
        Assert.Equal("claude-sonnet-4-5", main.GetProperty("model").GetString());
        Assert.Equal("high", main.GetProperty("effort").GetString());
        Assert.Equal(20, main.GetProperty("maxMessagesPerPrompt").GetInt32());
        var github = main.GetProperty("mcpServers").GetProperty("github");
        Assert.Equal("npx", github.GetProperty("command").GetString());
        Assert.Equal(["-y", "@modelcontextprotocol/server-github"], github.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("info", github.GetProperty("env").GetProperty("LOG_LEVEL").GetString());
        Assert.Equal("github", github.GetProperty("credentials").GetProperty("GITHUB_TOKEN").GetString());

        var helper = groups["helper"];
        Assert.Equal("Helper", helper.GetProperty("assistantName").GetString());
        Assert.False(helper.GetProperty("assistantNameDeclared").GetBoolean());
        Assert.Equal("claude-sonnet-4-5", helper.GetProperty("model").GetString());
        Assert.Equal(JsonValueKind.Null, helper.GetProperty("effort").ValueKind);
        Assert.Empty(helper.GetProperty("mcpServers").EnumerateObject());
    }

    [Fact]
    public async Task Plan_text_and_audit_list_the_mcp_servers_and_their_credential_names()
    {
        var file = _temp.Write("groups.yaml", File);
        var text = (await Cli.RunAsync(["plan", file], Expected.FullWidth)).Exits(Expected.Ok);
        Assert.Contains("  agent: provider claude (the runner's default), assistant Andy, model claude-sonnet-4-5, effort high, max messages per prompt 20", text.StdoutLines);
        Assert.Contains("    mcp server github: npx -y @modelcontextprotocol/server-github (env LOG_LEVEL; credentials GITHUB_TOKEN=github)", text.StdoutLines);

        var audit = (await Cli.RunAsync("audit", file)).Exits(Expected.Ok);
        var row = Assert.Single(audit.StdoutLines, l => l.Contains("! github", StringComparison.Ordinal));
        Assert.Contains("GITHUB_TOKEN=github", row);
        Assert.Contains(audit.StdoutLines, l => l.StartsWith("  helper", StringComparison.Ordinal) && l.Contains("none", StringComparison.Ordinal));
    }
}
