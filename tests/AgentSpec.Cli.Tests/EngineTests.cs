using System.Diagnostics;
using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Needs the local Docker engine and the image agentspec/agent:latest. When either is missing every engine test
/// FAILS (never skips) and says to run .ci/docker-setup.sh.
/// </summary>
public sealed class EngineFixture
{
    public const string Image = "agentspec/agent:latest";

    public EngineFixture()
    {
        Problem = Probe("info") is { } info
            ? $"`docker info` failed: {info}"
            : Probe("image", "inspect", Image) is { } image ? $"the image {Image} is missing: {image}" : null;
    }

    public string? Problem { get; }

    public void Require()
    {
        if (Problem is not null)
        {
            Assert.Fail($"These tests need a running Docker engine and the local image {Image}; run `bash .ci/docker-setup.sh` first. {Problem}");
        }
    }

    private static string? Probe(params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(60_000))
            {
                p.Kill(entireProcessTree: true);
                return "timed out after 60 s";
            }

            _ = stdout.Result;
            return p.ExitCode == 0 ? null : $"exit {p.ExitCode}: {stderr.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"the docker CLI cannot be started ({e.Message})";
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFixture>
{
    public const string Name = "engine";
}

/// <summary>init, run, up, ps, stop and cleanup against the real engine, in a sandbox HOME and data root.</summary>
[Collection(EngineCollection.Name)]
public sealed class EngineTests(EngineFixture engine) : IAsyncLifetime
{
    private readonly Sandbox _sandbox = new();

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Skill_data_written_by_one_run_is_read_by_the_next()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);

        var write = (await _sandbox.RunAsync("run", "research", "--", "sh", "-c", "echo x > $SKILL_DATA_DIR/f")).Exits(0);
        Assert.Equal(string.Empty, write.Stdout);
        Assert.Equal("x\n", File.ReadAllText(Path.Join(_sandbox.DataRoot, "data/v2-sessions/research/skill-data/f")));

        var read = (await _sandbox.RunAsync("run", "research", "--", "cat", "/workspace/skill-data/f")).Exits(0);
        Assert.Equal("x\n", read.Stdout);
        Assert.Equal(["x"], read.StdoutLines);

        Assert.Empty(await _sandbox.PsAsync()); // each run removes its container
    }

    [Fact]
    public async Task Run_starts_the_agent_as_the_non_root_user_with_the_hardening_and_limits_plan_shows()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);

        var result = (await _sandbox.RunAsync(
            "run", "research", "--", "sh", "-c",
            "id -u; id -g; grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/memory/memory.limit_in_bytes; cp /bin/busybox /workspace/skill-data/bb; chmod 4755 /workspace/skill-data/bb 2>&1 || echo refused")).Exits(0);

        // plan says: host default 1000:1000 (the tests run as root), pids 512, memory 2g for research.
        Assert.Equal(["1000", "1000", "CapEff:\t0000000000000000", "NoNewPrivs:\t1", "Seccomp:\t2", "512", (2L << 30).ToString(), "chmod: /workspace/skill-data/bb: Operation not permitted", "refused"], result.StdoutLines);
        var copy = AgentSpec.Runtime.HostFiles.Lstat(Path.Join(_sandbox.DataRoot, "data/v2-sessions/research/skill-data/bb"))!.Value;
        Assert.Equal((1000L, 1000L, (UnixFileMode)0), (copy.Uid, copy.Gid, copy.Permissions & (UnixFileMode.SetUser | UnixFileMode.SetGroup)));
    }

    [Fact]
    public async Task Run_returns_the_container_exit_code()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        (await _sandbox.RunAsync("run", "research", "--", "sh", "-c", "exit 7")).Exits(7);
        (await _sandbox.RunAsync("run", "research", "--", "sh", "-c", "echo out; echo err >&2; exit 0")).Exits(0);
    }

    [Fact]
    public async Task Run_streams_stdout_and_stderr_and_mounts_the_allowed_folder_read_only()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var result = (await _sandbox.RunAsync(
            "run", "research", "--", "sh", "-c",
            "cat /workspace/extra/papers/paper.txt; if touch /workspace/extra/papers/new 2>/dev/null; then echo writable; else echo read-only; fi; echo to-stderr >&2; echo $AGENTSPEC_GROUP_ID")).Exits(0);
        Assert.Equal(["a paper", "read-only", "research"], result.StdoutLines);
        Assert.Equal(["to-stderr"], result.StderrLines);
        Assert.False(File.Exists(Path.Join(_sandbox.Papers, "new")));
    }

    [Fact]
    public async Task Allowlist_option_overrides_the_home_allowlist()
    {
        engine.Require();
        using var elsewhere = new TempDir();
        var allowlist = elsewhere.Write("allow.json", Sandbox.ResearchAllowlist);
        Assert.False(File.Exists(_sandbox.AllowlistPath));
        var result = (await _sandbox.RunAsync("run", "research", "--allowlist", allowlist, "--", "ls", "/workspace/extra/papers")).Exits(0);
        Assert.Equal(["paper.txt"], result.StdoutLines);
    }

    [Fact]
    public async Task Allowlist_of_dev_zero_or_100_MB_fails_fast_with_a_clear_message()
    {
        using var elsewhere = new TempDir();
        var big = elsewhere["big.json"];
        using (var f = File.Create(big))
        {
            f.SetLength(100L * 1024 * 1024);
        }

        var clock = Stopwatch.StartNew();
        var zero = (await _sandbox.RunAsync("run", "research", "--allowlist", "/dev/zero", "--", "true")).Exits(1);
        var large = (await _sandbox.RunAsync("run", "research", "--allowlist", big, "--", "true")).Exits(1);
        clock.Stop();

        Assert.Contains("the mount allowlist /dev/zero is not trusted", zero.Stderr);
        Assert.Contains("/dev/zero is a character device, not a regular file", zero.Stderr);
        Assert.Contains($"the mount allowlist {big} is 104857600 bytes, more than the 1048576 bytes an allowlist may have; nothing was read", large.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"two refused runs took {clock.Elapsed}");
    }

    [Fact]
    public async Task Init_of_a_data_root_in_a_blocked_location_is_refused_and_creates_nothing()
    {
        var root = Path.Join(_sandbox.Home, ".ssh", "agentspec");
        var result = (await Cli.RunAsync(["init", "--data-dir", root], _sandbox.Env)).Exits(1);

        Assert.Contains($"refusing to use the data root {root}", result.Stderr);
        Assert.Contains("matches the blocked pattern '.ssh'", result.Stderr);
        Assert.False(Directory.Exists(root));
    }

    [Fact]
    public async Task Init_twice_creates_then_changes_nothing()
    {
        var first = (await _sandbox.RunAsync("init", "research")).Exits(0);
        Assert.Matches("^group research: created [0-9]+ entries$", first.StdoutLines[0]);
        Assert.Contains($"  + {_sandbox.DataRoot}/data/v2-sessions/research/skill-data/", first.StdoutLines);
        Assert.Contains($"  + {_sandbox.DataRoot}/groups/research/container.json", first.StdoutLines);
        Assert.True(Directory.Exists(Path.Join(_sandbox.DataRoot, "data/v2-sessions/research/.claude-shared")));

        var second = (await _sandbox.RunAsync("init", "research")).Exits(0);
        Assert.Equal(["group research: already initialised, nothing changed"], second.StdoutLines);

        var json = (await _sandbox.RunAsync("init", "research", "--json")).Exits(0);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("groups")[0].GetProperty("created").GetArrayLength());
    }

    [Fact]
    public async Task Run_without_an_allowlist_is_refused_and_creates_no_container()
    {
        engine.Require();
        var result = (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(1);
        Assert.Equal("agentspec: refusing to start group 'research': 1 mount problem", result.StderrLines[0]);
        var problem = result.StderrLines[1];
        Assert.StartsWith("  - group 'research', mount 'papers' (/workspace/extra/papers): ", problem);
        Assert.Contains($"there is no operator mount allowlist at {_sandbox.AllowlistPath}, so operator mounts are refused", problem);
        Assert.Contains($"Fix: create or fix {_sandbox.AllowlistPath}", problem);
        Assert.Contains(result.StderrLines, l => l.Contains("\"allowedRoots\"", StringComparison.Ordinal)); // the example to copy
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Empty(await _sandbox.PsAsync());
    }

    [Fact]
    public async Task Run_of_a_read_write_mount_under_a_read_only_root_is_refused()
    {
        engine.Require();
        // main wants ~/notes read-write; this allowlist permits it read-only only.
        _sandbox.WithAllowlist(Sandbox.AllGroupsAllowlist.Replace("""{ "path": "~/notes", "allowReadWrite": true""", """{ "path": "~/notes", "allowReadWrite": false"""));
        var result = (await _sandbox.RunAsync("run", "main", "--", "true")).Exits(1);
        Assert.Equal("agentspec: refusing to start group 'main': 1 mount problem", result.StderrLines[0]);
        Assert.StartsWith("  - group 'main', mount 'notes' (/workspace/extra/notes): it is read-write, but its allowed root '~/notes' has allowReadWrite: false. Fix: ", result.StderrLines[1]);
        Assert.Empty(await _sandbox.PsAsync());

        var downgraded = (await _sandbox.RunAsync("run", "main", "--allow-readonly-downgrade", "--", "sh", "-c", "touch /workspace/extra/notes/x 2>/dev/null && echo writable || echo read-only")).Exits(0);
        Assert.Equal(["read-only"], downgraded.StdoutLines);
        Assert.Contains(downgraded.StderrLines, l => l.StartsWith("agentspec: warning: group main: group 'main', mount 'notes' (/workspace/extra/notes): mounted READ-ONLY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_image_is_refused_without_pulling()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var result = (await _sandbox.RunAsync("run", "research", "--image", "agentspec/no-such-image:latest", "--", "true")).Exits(1);
        Assert.Contains(result.StderrLines, l => l.Contains("agentspec/no-such-image:latest is not present on the engine", StringComparison.Ordinal) && l.Contains("nothing is pulled", StringComparison.Ordinal));
        Assert.Empty(await _sandbox.PsAsync());
    }

    [Fact]
    public async Task Up_runs_groups_concurrently_with_prefixed_output_and_the_highest_exit_code()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.AllGroupsAllowlist);
        // exit code = length of the group id: main 4, research 8.
        var result = (await _sandbox.RunAsync("up", "main", "research", "--exec", "echo hello from $AGENTSPEC_GROUP_ID; exit ${#AGENTSPEC_GROUP_ID}")).Exits(8);
        Assert.Equal(["main     | hello from main", "research | hello from research"], result.StdoutLines.Order(StringComparer.Ordinal));
        Assert.Contains("agentspec: group main exited with 4", result.StderrLines);
        Assert.Contains("agentspec: group research exited with 8", result.StderrLines);
        Assert.Empty(await _sandbox.PsAsync());
    }

    [Fact]
    public async Task Up_refuses_everything_when_one_group_cannot_be_honoured()
    {
        engine.Require();
        Assert.False(Directory.Exists("/srv/shared/style-guides"), "this test expects /srv/shared/style-guides to be missing on the host");
        _sandbox.WithAllowlist(Sandbox.AllGroupsAllowlist);
        var result = (await _sandbox.RunAsync("up", "research", "reviewer", "--exec", "echo started")).Exits(1);
        Assert.Equal("agentspec: refusing to start group 'reviewer': 1 mount problem", result.StderrLines[0]);
        Assert.StartsWith("  - group 'reviewer', mount 'style-guides' (/workspace/extra/style-guides): hostPath '/srv/shared/style-guides' does not exist on this host", result.StderrLines[1]);
        Assert.Contains("Fix: create /srv/shared/style-guides or correct hostPath in groups.yaml", result.StderrLines[1]);
        Assert.Equal(2, result.StderrLines.Count);
        Assert.Equal(string.Empty, result.Stdout); // research did not start either
        Assert.Empty(await _sandbox.PsAsync());
    }

    [Fact]
    public async Task Ps_shows_a_running_container_and_stop_ends_it()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var run = _sandbox.Start("run", "research", "--", "sh", "-c", "trap 'exit 0' TERM; echo started; sleep 120 & wait");
        try
        {
            var running = await _sandbox.WaitForPsAsync(l => l.Count == 1 && l[0].GetProperty("state").GetString() == "running", TimeSpan.FromSeconds(60));
            var c = Assert.Single(running);
            Assert.Equal("research", c.GetProperty("group").GetString());
            Assert.Equal("running", c.GetProperty("state").GetString());
            Assert.Equal(EngineFixture.Image, c.GetProperty("image").GetString());
            Assert.Equal("default", c.GetProperty("session").GetString());
            Assert.Equal($"agentspec-research-default-{c.GetProperty("run").GetString()}", c.GetProperty("name").GetString());

            // At 100 columns IMAGE follows the row on a line named by its header.
            var table = (await _sandbox.RunAsync("ps")).Exits(0);
            Assert.Equal(3, table.StdoutLines.Count);
            Assert.StartsWith("NAME", table.StdoutLines[0]);
            Assert.StartsWith(c.GetProperty("name").GetString()!, table.StdoutLines[1]);
            Assert.Equal("    image: " + EngineFixture.Image, table.StdoutLines[2]);

            Assert.Equal(["stopped 0 container(s) of group main; removed 0 container(s)"], (await _sandbox.RunAsync("stop", "main")).Exits(0).StdoutLines);
            var stop = (await _sandbox.RunAsync("stop", "research")).Exits(0);
            Assert.Equal(["stopped 1 container(s) of group research; removed 1 container(s)"], stop.StdoutLines);

            var ended = await run.Completion.WaitAsync(TimeSpan.FromSeconds(60));
            ended.Exits(0);
            Assert.Equal(["started"], ended.StdoutLines);
            Assert.Empty(await _sandbox.WaitForPsAsync(l => l.Count == 0, TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await run.KillAsync();
        }
    }

    [Fact]
    public async Task Cleanup_removes_what_a_killed_run_left_behind_and_only_this_installs()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var other = new Sandbox().WithAllowlist(Sandbox.ResearchAllowlist);
        try
        {
            var mine = _sandbox.Start("run", "research", "--", "sleep", "120");
            var theirs = other.Start("run", "research", "--", "sleep", "120");
            Assert.Single(await _sandbox.WaitForPsAsync(l => l.Count == 1, TimeSpan.FromSeconds(60)));
            Assert.Single(await other.WaitForPsAsync(l => l.Count == 1, TimeSpan.FromSeconds(60)));

            // Killing agentspec leaves its container behind on the engine.
            await mine.KillAsync();
            await theirs.KillAsync();
            Assert.Single(await _sandbox.PsAsync());

            Assert.Equal(["removed 1 container(s)"], (await _sandbox.RunAsync("cleanup")).Exits(0).StdoutLines);
            Assert.Empty(await _sandbox.PsAsync());
            Assert.Single(await other.PsAsync()); // another install's container is untouched

            Assert.Equal(["removed 1 container(s)"], (await other.RunAsync("cleanup")).Exits(0).StdoutLines);
            Assert.Equal(["removed 0 container(s)"], (await _sandbox.RunAsync("cleanup")).Exits(0).StdoutLines);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }
}

/// <summary>
/// With DOCKER_HOST pointing at nothing, every engine command fails with a message, no stack trace: exit 1, and for
/// run and up 125 (an AgentSpec-side failure, never taken for the container's exit code; issue 23).
/// </summary>
public sealed class UnreachableEngineTests : IAsyncLifetime
{
    private const string NoEngine = "unix:///tmp/nonexistent.sock";

    private readonly Sandbox _sandbox = new Sandbox().WithAllowlist(Sandbox.AllGroupsAllowlist);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Theory]
    [InlineData("ps")]
    [InlineData("ps", "--json")]
    [InlineData("stop", "research")]
    [InlineData("cleanup")]
    [InlineData("run", "research", "--", "true")]
    [InlineData("up", "main", "research")]
    public async Task Unreachable_engine_exits_1_with_a_message(params string[] args)
    {
        Assert.False(File.Exists("/tmp/nonexistent.sock"));
        var result = (await _sandbox.RunWithAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = NoEngine }, args)).Exits(args[0] is "run" or "up" ? 125 : 1);
        Assert.Equal(
            ["agentspec: cannot reach the Docker engine at unix:///tmp/nonexistent.sock: the socket /tmp/nonexistent.sock does not exist; is dockerd running? (start it, or point DOCKER_HOST at the engine)"],
            result.StderrLines);
        Assert.Equal(string.Empty, result.Stdout);
    }
}
