using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 20: a pull request in a real git repository that hands an existing MCP server a credential (the key the
/// operator holds, by name) is a grant `diff --base` reports and `--fail-on grant` stops, although the server's
/// command and the group's mounts are unchanged.
/// </summary>
public sealed class McpDiffPullRequestTests
{
    private const string Base = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: main
            folder: main
            main: true
            agent:
              mcpServers:
                github:
                  command: npx
                  env:
                    LOG_LEVEL: info

        """;

    [Fact]
    public async Task A_credential_given_to_an_existing_mcp_server_is_a_grant_the_gate_stops()
    {
        var head = Base.Replace("            LOG_LEVEL: info\n", "            LOG_LEVEL: info\n          credentials:\n            GITHUB_TOKEN: github\n");
        Assert.NotEqual(Base, head);
        using var repo = GitRepo.PullRequest(Base, head);

        var gate = (await repo.DiffAsync("--fail-on", "grant")).Exits(Expected.Failed);
        Assert.Contains("main", gate.Stdout, StringComparison.Ordinal);

        var json = (await repo.DiffAsync("--format", "json")).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(json.Stdout);
        var changes = doc.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => (Group: c.GetProperty("group").GetString(), Kind: c.GetProperty("kind").GetString(), Effect: c.GetProperty("effect").GetString()))
            .ToList();
        Assert.Contains(("main", "credential-added", "grant"), changes);
        Assert.All(changes, c => Assert.Equal("grant", c.Effect));
    }
}
