using System.Text.Json;
using AgentSpec.App.Import;
using AgentSpec.Core;

namespace AgentSpec.Cli.Tests.Import;

/// <summary>
/// `agentspec import nanoclaw` on a database built with NanoClaw v2's own migrations: three groups (main, one whose
/// mounts NanoClaw drops or downgrades at spawn, one with MCP servers), NanoClaw's allowlist beside it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ImportTests : IDisposable
{
    private const string GitHubToken = "ghp_Zq8sX2vLr9TnW4yKb7MfP1cJ6hGd3AeU5oRi";

    private readonly NanoClawProject _nc = new();

    public void Dispose() => _nc.Dispose();

    private Task<CliResult> ImportAsync(params string[] more) =>
        Cli.RunAsync(["import", "nanoclaw", _nc.Root, "--out", _nc.Out, .. more], _nc.Env, timeout: TimeSpan.FromSeconds(120));

    private void ThreeGroups()
    {
        _nc.HomeDir("projects/webapp");
        _nc.HomeDir("projects/secret-plans");
        _nc.HomeDir("Documents/work/spec");
        _nc.HomeDir("Downloads");
        _nc.WriteAllowlist("""
            {
              "allowedRoots": [
                { "path": "~/projects", "allowReadWrite": true, "description": "Development projects" },
                { "path": "~/Documents/work", "allowReadWrite": false, "description": "Work documents (read-only)" }
              ],
              "blockedPatterns": ["secret"],
              "nonMainReadOnly": true
            }
            """);
        _nc.AddGroup("ag-1712345678901-main01", "Main", "main", mounts: """
            [ { "hostPath": "~/projects/webapp", "containerPath": "webapp", "readonly": false },
              { "hostPath": "~/Documents/work/spec", "readonly": false, "mode": "rw" } ]
            """);
        _nc.AddGroup("ag-1712345678902-rsrch1", "Research", "research", skills: """["web-search"]""", mounts: """
            [ { "hostPath": "~/projects/webapp", "containerPath": "webapp", "readonly": true },
              { "hostPath": "~/projects/gone", "containerPath": "gone" },
              { "hostPath": "~/projects/secret-plans", "containerPath": "plans" },
              { "hostPath": "~/Downloads", "containerPath": "downloads" } ]
            """);
        _nc.AddGroup("ag-1712345678903-tools1", "Tools", "tools", provider: "claude", model: "claude-sonnet-4-5", effort: "high", maxMessages: 10,
            assistant: "Andy", packagesApt: """["ripgrep"]""", mcpServers: $$"""
            { "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
                          "env": { "GITHUB_TOKEN": "{{GitHubToken}}", "LOG_LEVEL": "info" } } }
            """);
    }

    [Fact]
    public async Task Three_groups_become_a_groups_yaml_that_checks_and_plans_exactly_what_NanoClaw_mounts()
    {
        ThreeGroups();
        var before = _nc.DataFiles();

        var import = (await ImportAsync()).Exits(Expected.Ok);

        var text = File.ReadAllText(_nc.Out);
        (await Cli.RunAsync(["check", _nc.Out], _nc.Env)).Exits(Expected.Ok);
        var compiled = GroupsCompiler.Compile(text);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Findings));
        var plans = compiled.Plans.AsImmutableArray().ToDictionary(p => p.Id);
        Assert.Equal(["ag-1712345678901-main01", "ag-1712345678902-rsrch1", "ag-1712345678903-tools1"], plans.Keys.Order());
        Assert.True(plans["ag-1712345678901-main01"].IsMain);

        // What NanoClaw v2.0.64 binds for each group: main's webapp read-write, its spec read-only (the root has no
        // allowReadWrite: NanoClaw downgrades it), research's webapp read-only, nothing else.
        var home = Path.GetFullPath(_nc.Home);
        Assert.Equal(
            [($"{home}/Documents/work/spec", "/workspace/extra/spec", true), ($"{home}/projects/webapp", "/workspace/extra/webapp", false)],
            Operator(plans["ag-1712345678901-main01"], home));
        Assert.Equal([($"{home}/projects/webapp", "/workspace/extra/webapp", true)], Operator(plans["ag-1712345678902-rsrch1"], home));
        Assert.Empty(Operator(plans["ag-1712345678903-tools1"], home));

        // The mounts NanoClaw silently drops at spawn are reported with the reason and the line they concern.
        var lines = File.ReadAllLines(_nc.Out);
        AssertNote(import.Stdout, lines, "~/projects/gone", "the host path does not exist", "mounts:");
        AssertNote(import.Stdout, lines, "~/projects/secret-plans", "matches the blocked pattern \"secret\"", "mounts:");
        AssertNote(import.Stdout, lines, "~/Downloads", "is not under any allowed root", "mounts:");
        AssertNote(import.Stdout, lines, "~/Documents/work/spec", "has no allowReadWrite: true, so NanoClaw mounts it read-only", "- hostPath: ~/Documents/work/spec");
        Assert.Contains("not-carried: packages_apt [\"ripgrep\"]", import.Stdout);
        AssertNote(import.Stdout, lines, "key 'mode'", "NanoClaw ignores it", "- hostPath: ~/Documents/work/spec");

        // The database is read, never written: every file of data/ is as it was (no -wal or -shm left either).
        Assert.Equal(before, _nc.DataFiles());

        // NanoClaw's allowlist in AgentSpec's place, translated, private, and loadable by AgentSpec's strict reader.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_nc.AgentSpecAllowlist));
        var allowlist = AgentSpec.Runtime.MountAllowlist.Load(_nc.AgentSpecAllowlist, home)!;
        Assert.Equal(["~/projects", "~/Documents/work"], allowlist.AllowedRoots.Select(r => r.Path));
        Assert.Equal([true, false], allowlist.AllowedRoots.Select(r => r.AllowReadWrite));
        Assert.Equal(["secret"], allowlist.BlockedPatterns);
    }

    [Fact]
    public async Task An_MCP_secret_never_reaches_groups_yaml_or_the_report()
    {
        ThreeGroups();

        var import = (await ImportAsync()).Exits(Expected.Ok);
        var json = (await Cli.RunAsync(["import", "nanoclaw", _nc.Root, "--out", _nc.Out, "--force", "--json"], _nc.Env)).Exits(Expected.Ok);

        var text = File.ReadAllText(_nc.Out);
        Assert.DoesNotContain(GitHubToken, text);
        Assert.DoesNotContain(GitHubToken, import.Stdout + import.Stderr + json.Stdout + json.Stderr);
        Assert.DoesNotContain("ghp_", text);
        Assert.True(AgentBlockWriter.Supported(), "this compiler has the agent block");
        Assert.Contains("GITHUB_TOKEN: \"github-github_token\"", text);
        Assert.Contains("LOG_LEVEL: \"info\"", text);
        Assert.Contains("assistantName: Andy", text);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_nc.Credentials));
        // The runtime's own reader (trust checks, strict parsing) accepts the file and finds the value under the name.
        var credentials = AgentSpec.Runtime.CredentialFile.Load(_nc.Credentials);
        Assert.Equal(GitHubToken, credentials.Find("github-github_token")?.Value);
        Assert.Contains("credential 'github-github_token'", import.Stdout);

        // The plan carries the agent settings and the MCP server as NanoClaw's runner gets them, the secret as a name.
        var compiled = GroupsCompiler.Compile(text);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Findings));
        var agent = compiled.Plans.Single(p => p.Id == "ag-1712345678903-tools1").Agent;
        Assert.Equal(("claude", "Andy", "claude-sonnet-4-5", "high", (int?)10), (agent.Provider, agent.AssistantName, agent.Model, agent.Effort, agent.MaxMessagesPerPrompt));
        var server = Assert.Single(agent.McpServers);
        Assert.Equal(("github", "npx"), (server.Name, server.Command));
        Assert.Equal(["-y", "@modelcontextprotocol/server-github"], server.Args.ToArray());
        Assert.Equal([new AgentSpec.Model.McpCredential("GITHUB_TOKEN", "github-github_token")], server.Credentials.ToArray());
        Assert.DoesNotContain(server.Env, e => e.Value.Contains("ghp_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_json_report_lists_every_dropped_mount_with_its_line()
    {
        ThreeGroups();

        var result = (await ImportAsync("--json")).Exits(Expected.Ok);

        using var doc = JsonDocument.Parse(result.Stdout);
        var dropped = doc.RootElement.GetProperty("notes").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == "dropped").ToList();
        Assert.Equal(3, dropped.Count);
        Assert.All(dropped, n => Assert.Equal("ag-1712345678902-rsrch1", n.GetProperty("group").GetString()));
        var lines = File.ReadAllLines(_nc.Out);
        Assert.All(dropped, n => Assert.Equal("    mounts:", lines[n.GetProperty("line").GetInt32() - 1]));
        Assert.Equal("written", doc.RootElement.GetProperty("groupsFile").GetProperty("action").GetString());
        Assert.Equal("written", doc.RootElement.GetProperty("allowlist").GetProperty("action").GetString());
    }

    [Fact]
    public async Task An_existing_groups_yaml_or_allowlist_is_never_overwritten_without_force()
    {
        ThreeGroups();
        File.WriteAllText(_nc.Out, "# mine\n");
        Directory.CreateDirectory(Path.GetDirectoryName(_nc.AgentSpecAllowlist)!);
        const string Mine = """{ "allowedRoots": [], "blockedPatterns": [], "nonMainReadOnly": true }""";
        File.WriteAllText(_nc.AgentSpecAllowlist, Mine);

        var refused = (await ImportAsync()).Exits(Expected.Failed);
        Assert.Contains("exists, and the import never overwrites it", refused.Stderr);
        Assert.Contains("--force", refused.Stderr);
        Assert.Equal("# mine\n", File.ReadAllText(_nc.Out));

        File.Delete(_nc.Out);
        var kept = (await ImportAsync()).Exits(Expected.Ok);
        Assert.Contains($"allowlist: {_nc.AgentSpecAllowlist} exists and differs from the translation; it was NOT changed", kept.Stdout);
        Assert.Equal(Mine, File.ReadAllText(_nc.AgentSpecAllowlist));

        var forced = (await ImportAsync("--force")).Exits(Expected.Ok);
        Assert.Contains("replaced (--force)", forced.Stdout);
        Assert.Contains("~/projects", File.ReadAllText(_nc.AgentSpecAllowlist));
    }

    [Fact]
    public async Task A_missing_foreign_or_locked_database_is_a_clear_message_and_nothing_is_written()
    {
        var empty = new NanoClawProject();
        try
        {
            File.Delete(empty.Database);
            var missing = (await Cli.RunAsync(["import", "nanoclaw", empty.Root, "--out", empty.Out], empty.Env)).Exits(Expected.Failed);
            Assert.Contains("is not NanoClaw's database (no such file); give the NanoClaw project root", missing.Stderr);

            File.WriteAllText(empty.Database, "this is not a database, just text that is long enough to have a header of sorts\n");
            var text = (await Cli.RunAsync(["import", "nanoclaw", empty.Root, "--out", empty.Out], empty.Env)).Exits(Expected.Failed);
            Assert.Contains("the file is not an SQLite database", text.Stderr);
            Assert.False(File.Exists(empty.Out));
        }
        finally
        {
            empty.Dispose();
        }

        using (var db = _nc.Open())
        {
            NanoClawProject.Exec(db, "DROP TABLE container_configs");
            NanoClawProject.Exec(db, "DROP TABLE agent_groups");
        }

        var foreign = (await ImportAsync()).Exits(Expected.Failed);
        Assert.Contains("is an SQLite database but not NanoClaw v2's (it has no agent_groups table)", foreign.Stderr);
        Assert.False(File.Exists(_nc.Out));
        Assert.DoesNotContain("   at ", foreign.Stderr);
    }

    [Fact]
    public async Task A_database_a_writer_holds_locked_mid_write_is_named_as_locked()
    {
        ThreeGroups();
        using var db = _nc.Open();
        NanoClawProject.Exec(db, "PRAGMA journal_mode = DELETE");
        NanoClawProject.Exec(db, "PRAGMA locking_mode = EXCLUSIVE");
        NanoClawProject.Exec(db, "BEGIN EXCLUSIVE");
        NanoClawProject.Exec(db, "UPDATE agent_groups SET name = name || ' (renaming)'");
        Assert.True(File.Exists(_nc.Database + "-journal"), "the writer's rollback journal exists while it writes");

        var locked = (await ImportAsync()).Exits(Expected.Failed);

        Assert.Contains("the database is locked by another process", locked.Stderr);
        Assert.False(File.Exists(_nc.Out));
    }

    [Fact]
    public async Task Names_and_paths_YAML_would_misread_are_written_so_the_plan_has_them_exactly()
    {
        // A name with quotes, a colon, a comment sign and a YAML 1.1 boolean; a mount folder with spaces and '#'.
        const string Name = "Andy's \"bot\": yes # not a comment";
        var folder = _nc.HomeDir("projects/my app #2");
        _nc.WriteAllowlist("""{ "allowedRoots": [ { "path": "~/projects", "allowReadWrite": true } ], "blockedPatterns": [] }""");
        _nc.AddGroup("ag-1-yes", Name, "main", skills: """["yes", "web-search"]""", mounts: """[ { "hostPath": "~/projects/my app #2", "containerPath": "on" } ]""");

        (await ImportAsync()).Exits(Expected.Ok);

        var compiled = GroupsCompiler.Compile(File.ReadAllText(_nc.Out));
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Findings));
        var plan = Assert.Single(compiled.Plans);
        Assert.Equal(Name, plan.Name);
        Assert.Equal(["yes", "web-search"], plan.Skills!.Value.ToArray());
        var mount = Assert.Single(plan.Mounts.Operator);
        Assert.Equal((folder, "/workspace/extra/on", true), (AgentSpec.Runtime.HostPaths.ExpandHome(mount.HostSource, Path.GetFullPath(_nc.Home)), mount.ContainerPath, mount.ReadOnly));
    }

    private static void AssertNote(string report, string[] lines, string mount, string reason, string lineStartsWith)
    {
        var note = report.Split('\n').SingleOrDefault(l => l.Contains(mount, StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
        Assert.True(note is not null, $"no note for {mount} saying '{reason}' in:\n{report}");
        var match = System.Text.RegularExpressions.Regex.Match(note, @"groups\.yaml:(\d+): ");
        Assert.True(match.Success, $"the note has no line: {note}");
        Assert.StartsWith(lineStartsWith, lines[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1].TrimStart());
    }

    private static List<(string, string, bool)> Operator(AgentSpec.Model.GroupPlan plan, string home) =>
        plan.Mounts.Operator.Select(m => (AgentSpec.Runtime.HostPaths.ExpandHome(m.HostSource, home), m.ContainerPath, m.ReadOnly)).Order().ToList();
}
