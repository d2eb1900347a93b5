namespace AgentSpec.Cli.Tests.Faults;

/// <summary>
/// Issue 23, finding 7: lock files and session folders were kept forever. Now `sessions` lists them and `sessions
/// prune` removes old ones through descriptors: a link the agent planted in its session folder is removed as a link
/// (what it points at is untouched), skill-data and .claude-shared are kept, a session in use is kept.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class SessionPruneTests(FaultEngine engine) : IAsyncLifetime
{
    private readonly FaultSandbox _sandbox = new(engine);
    private readonly TempDir _outside = new();

    public async Task InitializeAsync()
    {
        engine.Require();
        await _sandbox.PrepareAsync();
    }

    public async Task DisposeAsync()
    {
        _outside.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Prune_removes_old_sessions_only_never_follows_a_planted_link_and_keeps_shared_data_and_running_sessions()
    {
        (await _sandbox.RunAsync("run", "research", "--session", "old", "--", "sh", "-c", "echo notes > /workspace/notes.txt")).Exits(0);
        (await _sandbox.RunAsync("run", "research", "--session", "recent", "--", "true")).Exits(0);
        var precious = _outside.Write("precious/keep.txt", "not the agent's\n");
        var old = Path.Join(_sandbox.GroupData, "old");
        File.CreateSymbolicLink(Path.Join(old, "escape"), Path.GetDirectoryName(precious)!);
        foreach (var entry in new[] { old, Path.Join(_sandbox.GroupData, ".session-old.lock") })
        {
            Directory.SetLastWriteTimeUtc(entry, DateTime.UtcNow.AddDays(-40));
        }

        var list = (await _sandbox.RunAsync("sessions", "research", "--json")).Exits(0);
        Assert.Contains("\"session\": \"old\"", list.Stdout);
        Assert.Contains("\"session\": \"recent\"", list.Stdout);
        Assert.DoesNotContain("skill-data", list.Stdout);
        Assert.DoesNotContain(".claude-shared", list.Stdout);

        var prune = (await _sandbox.RunAsync("sessions", "prune", "research", "--older-than", "30d")).Exits(0);
        Assert.Contains("removed session old of group research", prune.Stdout);
        Assert.False(Directory.Exists(old));
        Assert.False(File.Exists(Path.Join(_sandbox.GroupData, ".session-old.lock")));
        Assert.True(Directory.Exists(Path.Join(_sandbox.GroupData, "recent")));
        Assert.Equal("not the agent's\n", File.ReadAllText(precious));
        Assert.True(File.Exists(Path.Join(_sandbox.GroupData, ".claude-shared", "settings.json")));
        _sandbox.AssertMarkerIntact();

        // A session in use is kept, and the message names the command that frees it.
        var running = Cli.Start(_sandbox.WithDataDir(["run", "research", "--session", "recent", "--", "sleep", "60"]), _sandbox.Env, TimeSpan.FromSeconds(120));
        try
        {
            while (!(await _sandbox.PsAsync()).Any(c => c.GetProperty("state").GetString() == "running"))
            {
                await Task.Delay(200);
            }

            var kept = (await _sandbox.RunAsync("sessions", "prune", "research", "--session", "recent")).Exits(1);
            Assert.Contains("kept session recent: it is in use", kept.Stderr);
            Assert.Contains("`agentspec stop research --session recent`", kept.Stderr);
            Assert.True(Directory.Exists(Path.Join(_sandbox.GroupData, "recent")));
        }
        finally
        {
            await running.KillAsync();
            (await _sandbox.RunAsync("stop", "research", "--session", "recent")).Exits(0);
        }

        await _sandbox.AssertNextRunWorksAsync("recent");
    }
}
