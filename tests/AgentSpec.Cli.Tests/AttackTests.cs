namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 8's holes 2 and 4 and the one-container-per-session rule, performed the way an agent (or a careless
/// setup) would, against the real engine through the real agentspec binary. The compiled groups are this
/// repository's groups.yaml: main mounts ~/projects/webapp and ~/notes read-write, research ~/papers read-only.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class AttackTests(EngineFixture engine) : IAsyncLifetime
{
    private readonly Sandbox _sandbox = new Sandbox().WithAllowlist(Sandbox.AllGroupsAllowlist);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    private string SessionFolder(string id) => Path.Join(_sandbox.DataRoot, "data/v2-sessions", id, "default");

    private string Webapp => Path.Join(_sandbox.Home, "projects/webapp");

    [Fact]
    public async Task Agent_cannot_replace_workspace_extra_so_later_mounts_stay_where_the_plan_says()
    {
        engine.Require();
        File.WriteAllText(Path.Join(Webapp, "marker"), "webapp\n");

        // Hole 4: replace /workspace/extra with a link to / so a later mount named 'app' would land on /app.
        var attack = (await _sandbox.RunAsync("run", "main", "--", "sh", "-c",
            "mv /workspace/extra /workspace/moved 2>/dev/null && echo moved; " +
            "rmdir /workspace/extra 2>/dev/null && echo removed; " +
            "ln -s / /workspace/extra/link 2>/dev/null && echo linked-inside; " +
            "mkdir /workspace/extra/app 2>/dev/null && echo created-inside; " +
            "grep -c ' /workspace/extra tmpfs ro,' /proc/mounts")).Exits(0);
        Assert.Equal(["1"], attack.StdoutLines); // every attempt failed; /workspace/extra is the read-only tmpfs

        // The host side holds no link: the session folder's 'extra' is the engine's plain mount point, if anything.
        var extra = Path.Join(SessionFolder("main"), "extra");
        Assert.True(!Path.Exists(extra) || (Directory.Exists(extra) && new FileInfo(extra).LinkTarget is null), extra);

        var next = (await _sandbox.RunAsync("run", "main", "--", "sh", "-c", "cat /workspace/extra/webapp/marker; ls /workspace/extra")).Exits(0);
        Assert.Equal(["webapp", "notes", "webapp"], next.StdoutLines);
    }

    [Fact]
    public async Task A_mount_point_swapped_for_a_link_in_the_session_folder_is_refused_before_create()
    {
        engine.Require();
        (await _sandbox.RunAsync("init", "main")).Exits(0);

        // What an agent could leave behind where a mount point was not a host-controlled mount (before this fix).
        var extra = Path.Join(SessionFolder("main"), "extra");
        File.CreateSymbolicLink(extra, "/");
        var skillData = Path.Join(SessionFolder("main"), "skill-data");
        File.CreateSymbolicLink(skillData, "/app");

        var refused = (await _sandbox.RunAsync("run", "main", "--", "true")).Exits(1);
        Assert.Equal("agentspec: refusing to start group 'main': 2 mount problems", refused.StderrLines[0]);
        Assert.Contains(refused.StderrLines, l => l.StartsWith($"  - group 'main', mount 'extra' (/workspace/extra): its mount point {extra} (inside the 'workspace' mount's folder) is a symbolic link to /;", StringComparison.Ordinal)
            && l.Contains($"Fix: remove {extra}", StringComparison.Ordinal));
        Assert.Contains(refused.StderrLines, l => l.StartsWith($"  - group 'main', mount 'skill-data' (/workspace/skill-data): its mount point {skillData} (inside the 'workspace' mount's folder) is a symbolic link to /app;", StringComparison.Ordinal));
        Assert.Empty(await _sandbox.PsAsync());

        File.Delete(extra);
        File.Delete(skillData);
        (await _sandbox.RunAsync("run", "main", "--", "true")).Exits(0);
    }

    [Fact]
    public async Task A_mount_whose_real_path_lies_below_another_groups_read_write_folder_is_refused()
    {
        engine.Require();
        // research mounts ~/papers read-only. On this host ~/papers is a link into main's read-write ~/projects/webapp:
        // the build cannot see it; the run-time check on real paths does.
        Directory.Delete(_sandbox.Papers, recursive: true);
        var inside = Directory.CreateDirectory(Path.Join(Webapp, "papers")).FullName;
        File.WriteAllText(Path.Join(inside, "paper.txt"), "a paper\n");
        File.CreateSymbolicLink(_sandbox.Papers, inside);
        // The allowlist names roots by their real paths (a symbolic link as a root is refused).
        _sandbox.WithAllowlist(Sandbox.AllGroupsAllowlist.Replace("\"~/papers\"", $"\"{inside}\""));

        // The premise: main's agent can swap that folder for a link to anything, e.g. research's own .claude-shared.
        (await _sandbox.RunAsync("init", "research")).Exits(0);
        (await _sandbox.RunAsync("run", "main", "--", "sh", "-c", "mv /workspace/extra/webapp/papers /workspace/extra/webapp/papers.old && ln -s /data-of-another-group /workspace/extra/webapp/papers")).Exits(0);
        Assert.NotNull(new FileInfo(inside).LinkTarget);
        File.Delete(inside); // the link
        Directory.Move(inside + ".old", inside);

        // Whatever the folder is right now, research is refused: the window between check and bind cannot be closed.
        var refused = (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(1);
        Assert.Equal("agentspec: refusing to start group 'research': 1 mount problem", refused.StderrLines[0]);
        Assert.StartsWith($"  - group 'research', mount 'papers' (/workspace/extra/papers): hostPath '~/papers' (real path {inside}) lies inside {Webapp}, which group 'main' mounts read-write (mount 'webapp')", refused.StderrLines[1]);
        Assert.Contains($"Fix: mount {Webapp} itself (sharing it)", refused.StderrLines[1]);
        Assert.Empty(await _sandbox.PsAsync());
    }

    [Fact]
    public async Task A_data_root_or_an_allowlist_inside_a_read_write_mount_is_refused()
    {
        engine.Require();
        var dataInside = Path.Join(Webapp, "agentspec-data");
        var refused = (await Cli.RunAsync(["run", "research", "--data-dir", dataInside, "--", "true"], _sandbox.Env)).Exits(1);
        Assert.Equal($"agentspec: refusing to use the data root {dataInside}:", refused.StderrLines[0]);
        Assert.Contains(refused.StderrLines, l => l.StartsWith($"  - the data root {dataInside} lies inside {Webapp}, which group 'main' mounts read-write (mount 'webapp')", StringComparison.Ordinal));
        Assert.False(Directory.Exists(dataInside)); // refused before group-init created anything there

        // The allowlist as a dotfile manager makes it: a link to a file that main's agent can rewrite.
        var target = Path.Join(Webapp, "mount-allowlist.json");
        File.Move(_sandbox.AllowlistPath, target);
        File.CreateSymbolicLink(_sandbox.AllowlistPath, target);
        var untrusted = (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(1);
        Assert.Contains(untrusted.StderrLines, l => l.Contains($"the mount allowlist {_sandbox.AllowlistPath} (real path {target}) lies inside {Webapp}, which group 'main' mounts read-write (mount 'webapp'), so that agent could rewrite it", StringComparison.Ordinal));
        Assert.Empty(await _sandbox.PsAsync());
    }

    [Fact]
    public async Task A_second_run_of_a_running_group_session_is_refused_naming_the_container()
    {
        engine.Require();
        var first = _sandbox.Start("run", "research", "--", "sleep", "120");
        try
        {
            var running = Assert.Single(await _sandbox.WaitForPsAsync(l => l.Count == 1 && l[0].GetProperty("state").GetString() == "running", TimeSpan.FromSeconds(60)));
            var name = running.GetProperty("name").GetString()!;

            // Held by a live agentspec process: the lock names the container.
            var second = (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(1);
            Assert.StartsWith($"agentspec: group 'research' session 'default' is already running (container {name}, agentspec pid ", second.StderrLines[0]);
            Assert.Contains("agentspec stop research", second.StderrLines[0]);

            // agentspec killed outright: the kernel drops its lock, but the container it left still holds the session.
            await first.KillAsync();
            var orphan = (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(1);
            Assert.StartsWith($"agentspec: group 'research' session 'default' is already running in container {name} (", orphan.StderrLines[0]);
            Assert.Single(await _sandbox.PsAsync());

            // Nothing is stuck: once the container is gone the group runs again.
            (await _sandbox.RunAsync("cleanup")).Exits(0);
            (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(0);
        }
        finally
        {
            await first.KillAsync();
        }
    }
}
