using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>Sessions: one /workspace per group session, skill-data shared by the group's sessions, one container per session.</summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SessionTests(EngineFixture engine) : IAsyncLifetime
{
    private const string Sleeper = "trap 'exit 0' TERM; echo started; sleep 120 & wait";

    private readonly Sandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Two_sessions_one_after_the_other_share_skill_data_but_not_workspace()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);

        (await _sandbox.RunAsync("run", "research", "--session", "a", "--", "sh", "-c", "echo shared > $SKILL_DATA_DIR/f; echo mine > /workspace/w")).Exits(0);
        var b = (await _sandbox.RunAsync("run", "research", "--session", "b", "--", "sh", "-c", "cat $SKILL_DATA_DIR/f; ls /workspace/w 2>&1 || echo no-w")).Exits(0);
        Assert.Equal(["shared", "ls: /workspace/w: No such file or directory", "no-w"], b.StdoutLines);

        // Each session has its own folder next to the group's shared data; session a's file is still there for a.
        var group = Path.Join(_sandbox.DataRoot, "data/v2-sessions/research");
        Assert.Equal("mine\n", File.ReadAllText(Path.Join(group, "a/w")));
        Assert.False(File.Exists(Path.Join(group, "b/w")));
        var again = (await _sandbox.RunAsync("run", "research", "--session", "a", "--", "cat", "/workspace/w")).Exits(0);
        Assert.Equal(["mine"], again.StdoutLines);
    }

    [Fact]
    public async Task Two_sessions_run_at_once_a_running_named_session_is_refused_and_stop_session_stops_only_it()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var a = _sandbox.Start("run", "research", "--session", "a", "--", "sh", "-c", Sleeper);
        var b = _sandbox.Start("run", "research", "--session", "b", "--", "sh", "-c", Sleeper);
        try
        {
            var both = await _sandbox.WaitForPsAsync(l => l.Count(c => c.GetProperty("state").GetString() == "running") == 2, TimeSpan.FromSeconds(90));
            Assert.Equal(["a", "b"], both.Select(c => c.GetProperty("session").GetString()!).Order().ToArray());
            var nameA = both.Single(c => c.GetProperty("session").GetString() == "a").GetProperty("name").GetString()!;
            Assert.StartsWith("agentspec-research-a-", nameA);

            var second = (await _sandbox.RunAsync("run", "research", "--session", "a", "--", "true")).Exits(1);
            Assert.StartsWith($"agentspec: group 'research' session 'a' is already running (container {nameA}, agentspec pid ", second.StderrLines[0]);
            Assert.Contains("`agentspec stop research --session a`", second.StderrLines[0]);

            var table = (await _sandbox.RunAsync("ps", "--session", "b")).Exits(0);
            // At 100 columns IMAGE does not fit beside a container name: it follows the row on a line named by its header.
            Assert.Equal(["NAME", "GROUP", "SESSION", "STATE", "STATUS"], table.StdoutLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(["research", "b", "running"], table.StdoutLines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..4]);
            Assert.Matches(@"^    image: \S+$", table.StdoutLines[2]);
            Assert.Equal(3, table.StdoutLines.Count);

            Assert.Equal(["stopped 1 container(s) of group research session a; removed 1 container(s)"], (await _sandbox.RunAsync("stop", "research", "--session", "a")).Exits(0).StdoutLines);
            (await a.Completion).Exits(0); // the trap exits 0 on SIGTERM
            var left = Assert.Single(await _sandbox.PsAsync());
            Assert.Equal(("b", "running"), (left.GetProperty("session").GetString(), left.GetProperty("state").GetString()));

            // Without --session, stop means every session of the group.
            Assert.Equal(["stopped 1 container(s) of group research; removed 1 container(s)"], (await _sandbox.RunAsync("stop", "research")).Exits(0).StdoutLines);
            (await b.Completion).Exits(0);
            Assert.Empty(await _sandbox.PsAsync());
        }
        finally
        {
            await a.KillAsync();
            await b.KillAsync();
        }
    }

    [Theory]
    [InlineData("skill-data")]
    [InlineData("Skill-Data")]
    [InlineData(".claude-shared")]
    [InlineData(".CLAUDE-SHARED")]
    [InlineData("..")]
    [InlineData("../research")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("-rf")]
    [InlineData("")]
    [InlineData("x y")]
    [InlineData("caf\u00e9")]
    [InlineData("a\u202eb")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task An_invalid_session_name_exits_2_saying_what_a_valid_name_looks_like_and_creates_nothing(string name)
    {
        // '--session=VALUE' keeps '-rf' a value; an empty value must be its own token ('--session=' takes the next one).
        string[] session = name.Length == 0 ? ["--session", name] : ["--session=" + name];
        string[][] commands =
        [
            ["init", "research", .. session],
            ["run", "research", .. session, "--", "true"],
            ["up", "research", .. session],
            ["ps", .. session],
            ["stop", "research", .. session],
        ];
        foreach (var args in commands)
        {
            var result = (await _sandbox.RunAsync(args)).Exits(Expected.Usage);
            var line = Assert.Single(result.StderrLines);
            Assert.StartsWith("agentspec: --session: the session name ", line);
            Assert.EndsWith("a session name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. default, chat-2, review_main)", line);
            Assert.DoesNotContain('\u202e', line);
        }

        // The data root holds only the operator's skills folder (the sandbox installs it); nothing else was created.
        Assert.Equal(["container"], Directory.GetFileSystemEntries(_sandbox.DataRoot).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Init_with_a_session_creates_that_session_folder_privately()
    {
        var result = (await _sandbox.RunAsync("init", "research", "--session", "chat-2", "--json")).Exits(0);
        using var doc = JsonDocument.Parse(result.Stdout);
        var created = doc.RootElement.GetProperty("groups")[0].GetProperty("created").EnumerateArray().Select(e => e.GetString()).ToList();
        var folder = Path.Join(_sandbox.DataRoot, "data/v2-sessions/research/chat-2");
        Assert.Contains(folder + "/", created);
        Assert.DoesNotContain(Path.Join(_sandbox.DataRoot, "data/v2-sessions/research/default") + "/", created);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }
}
