using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 18: renaming a group's id (same folder) was reported as neutral, yet every data folder hangs on the id. Now
/// it is a grant that says the group's data moves to data/v2-sessions/&lt;new id&gt;/ and inherits what lies there.
/// </summary>
public sealed class IdRenameDiffTests
{
    private const string Base = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: main
            folder: main
            main: true
          - id: research
            folder: research

        """;

    [Fact]
    public async Task Renaming_research_to_admin_fails_the_gate_and_says_the_data_moves_and_is_inherited()
    {
        using var repo = GitRepo.PullRequest(Base, Base.Replace("  - id: research", "  - id: admin"));

        var gate = (await Cli.RunAsync(["diff", "--base", "HEAD~1", "--fail-on", "grant"], Expected.FullWidth, workingDirectory: repo.Path)).Exits(Expected.Failed);
        Assert.Contains("grants 1 access to 1 group", gate.StdoutLines[0]);
        Assert.Matches(@"admin\s+grant\s+group-renamed\s+data/v2-sessions/research/\s+data/v2-sessions/admin/\s+8 -> 8", gate.StdoutLines[2]);
        Assert.Contains("inherits whatever lies under data/v2-sessions/<new id>/", gate.Stderr);
        Assert.Contains("credentials", gate.Stderr);
        Assert.Contains("failing because of --fail-on grant", gate.Stderr);

        var markdown = (await repo.DiffAsync("--format", "markdown")).Exits(Expected.Ok);
        Assert.Contains("| **grant** | group-renamed |  |  | data/v2-sessions/research/ → data/v2-sessions/admin/ | 8 → 8 |", markdown.StdoutLines);
        Assert.Contains(markdown.StdoutLines, l => l.StartsWith("> group-renamed: the id keys the group's data.", StringComparison.Ordinal));

        var json = (await repo.DiffAsync("--format", "json")).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(json.Stdout);
        // The display name follows the id (neutral); the rename itself is the grant.
        Assert.Equal(
            new[] { ("group-renamed", "grant"), ("name-changed", "neutral") },
            doc.RootElement.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("kind").GetString()!, c.GetProperty("effect").GetString()!)));
    }

    [Fact]
    public async Task A_folder_change_says_it_moves_only_workspace_agent()
    {
        using var repo = GitRepo.PullRequest(Base, Base.Replace("    folder: research", "    folder: ops"));

        var gate = (await repo.DiffAsync("--fail-on", "grant")).Exits(Expected.Failed);
        Assert.Matches(@"research\s+grant\s+folder-changed\s+research\s+ops", gate.StdoutLines[2]);
        Assert.Contains("folder-changed: the folder keys only groups/<folder>/, mounted read-write at /workspace/agent", gate.Stderr);
        Assert.Contains("stay under data/v2-sessions/<id>/", gate.Stderr);
    }
}
