using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 19: `agentspec diff` on real git repositories reports every egress and credential change as a grant or revoke, on
/// the three pull requests a reviewer most easily misses: a wildcard, a new credential on an existing host, and egress
/// moved into defaults (which every group that inherits it gains).
/// </summary>
public sealed class EgressDiffTests
{
    private const string Base = """
        version: 1
        policy:
          nonMainEgress: true
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: main
            folder: main
            main: true
            egress:
              - host: api.github.com
              - host: api.anthropic.com
          - id: research
            folder: research

        """;

    private static async Task<List<(string Group, string Kind, string Effect, string? Before, string? After)>> JsonChanges(GitRepo repo)
    {
        var json = (await repo.DiffAsync("--format", "json")).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(json.Stdout);
        return doc.RootElement.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("group").GetString()!, c.GetProperty("kind").GetString()!, c.GetProperty("effect").GetString()!,
                c.GetProperty("before").GetString(), c.GetProperty("after").GetString()))
            .ToList();
    }

    [Fact]
    public async Task An_exact_host_turned_wildcard_is_an_egress_widened_grant_that_fails_the_gate()
    {
        using var repo = GitRepo.PullRequest(Base, Base.Replace("- host: api.github.com", "- host: \"*.github.com\""));

        var gate = (await repo.DiffAsync("--fail-on", "grant")).Exits(Expected.Failed);
        Assert.Contains("grants 1 access to 1 group", gate.StdoutLines[0]);
        Assert.Matches(@"main\s+grant\s+egress-widened\s+api\.github\.com:443\s+\*\.github\.com:443\s+11 -> 11", gate.StdoutLines[2]);
        Assert.Contains("egress-widened: the agent reaches more names than before", gate.Stderr);

        Assert.Equal([("main", "egress-widened", "grant", "api.github.com:443", "*.github.com:443")], await JsonChanges(repo));
    }

    [Fact]
    public async Task A_new_credential_on_an_existing_host_is_a_credential_added_grant()
    {
        using var repo = GitRepo.PullRequest(Base, Base.Replace("- host: api.anthropic.com\n", "- host: api.anthropic.com\n        credential: anthropic\n"));

        var gate = (await Cli.RunAsync(["diff", "--base", "HEAD~1", "--fail-on", "grant"], Expected.FullWidth, workingDirectory: repo.Path)).Exits(Expected.Failed);
        Assert.Matches(@"main\s+grant\s+credential-added\s+no credential for api\.anthropic\.com:443\s+credential anthropic for api\.anthropic\.com:443", gate.StdoutLines[2]);
        Assert.Contains("credential-added: the gateway now adds a credential the operator holds", gate.Stderr);

        var markdown = (await repo.DiffAsync("--format", "markdown")).Exits(Expected.Ok);
        Assert.Contains(markdown.StdoutLines, l => l.Contains("| **grant** | credential-added |", StringComparison.Ordinal));
        Assert.Equal(
            [("main", "credential-added", "grant", "no credential for api.anthropic.com:443", "credential anthropic for api.anthropic.com:443")],
            await JsonChanges(repo));
    }

    [Fact]
    public async Task Egress_moved_into_defaults_shows_what_each_group_gains()
    {
        using var repo = new GitRepo();
        repo.Commit("groups.yaml", Base);
        // main's list moves into defaults unchanged: main keeps the same destinations, research (which had none) gains both.
        var head = Base
            .Replace("  image: agentspec/agent:latest\n", "  image: agentspec/agent:latest\n  egress:\n    - host: api.github.com\n    - host: api.anthropic.com\n")
            .Replace("    egress:\n      - host: api.github.com\n      - host: api.anthropic.com\n", string.Empty);
        repo.Commit("groups.yaml", head);

        var changes = await JsonChanges(repo);
        Assert.Equal(
            [
                ("research", "network-widened", "grant", "network: none", "network: gateway"),
                ("research", "egress-added", "grant", null, "api.github.com:443"),
                ("research", "egress-added", "grant", null, "api.anthropic.com:443"),
            ],
            changes);
        var text = (await repo.DiffAsync()).Exits(Expected.Ok);
        // The head lines point at the defaults entries research inherits.
        Assert.Contains(text.StdoutLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"research\s+grant\s+egress-added\s+-\s+api\.github\.com:443\s+7$"));
    }

    [Fact]
    public async Task Removing_egress_is_a_revoke_and_a_narrower_wildcard_too()
    {
        using var repo = GitRepo.PullRequest(Base.Replace("- host: api.github.com", "- host: \"*.github.com\""), Base.Replace("      - host: api.anthropic.com\n", string.Empty));

        Assert.Equal(
            [
                ("main", "egress-narrowed", "revoke", "*.github.com:443", "api.github.com:443"),
                ("main", "egress-removed", "revoke", "api.anthropic.com:443", null),
            ],
            await JsonChanges(repo));
        (await repo.DiffAsync("--fail-on", "grant")).Exits(Expected.Ok);
    }
}
