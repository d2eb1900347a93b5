namespace AgentSpec.Cli.Tests.Faults;

/// <summary>
/// Issue 23, findings 2 and 5: agentspec killed with SIGKILL and SIGTERM at each phase it reports (AGENTSPEC_TIMINGS
/// marks). Before: a SIGKILL between create and start left a `created` container that blocked the session, and the
/// `stop` the refusal named printed "stopped 0 container(s)" and left it. Now: the refusal names
/// `agentspec stop GROUP --session S`, that command removes whatever the session left, and the next run works.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class KillTests(FaultEngine engine) : IAsyncLifetime
{
    private const int SIGKILL = 9;
    private const int SIGTERM = 15;

    private readonly FaultSandbox _sandbox = new(engine);

    public static TheoryData<string> Phases => new() { "before group-init", "group-init", "host check", "create", "attach", "start" };

    public async Task InitializeAsync()
    {
        engine.Require();
        await _sandbox.PrepareAsync();
    }

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_SIGKILL_at_any_phase_leaves_at_most_what_stop_of_that_session_removes(string phase)
    {
        var session = "k" + Math.Abs(phase.GetHashCode()) % 1000;
        var killed = await PhaseKill.RunAsync(_sandbox.WithDataDir(["run", "research", "--session", session, "--", "sleep", "60"]), _sandbox.Env, phase, SIGKILL);
        Assert.Equal(128 + SIGKILL, killed.ExitCode);

        // What the next run says decides the branch, not a listing taken right after the kill: a create request the
        // killed process had already sent may still complete in the engine after the process is gone.
        var next = await _sandbox.RunAsync("run", "research", "--session", session, "--", "true");
        if (next.ExitCode != 0)
        {
            // A container made before the kill (created or running) holds the session: the refusal names the one command.
            next.Exits(1);
            Assert.Contains($"`agentspec stop research --session {session}`", next.Stderr);
            var left = (await _sandbox.PsAsync()).Count(c => c.GetProperty("session").GetString() == session);
            Assert.True(left > 0, $"the run was refused but no container of session {session} is listed:{Environment.NewLine}{next}");
            var stop = (await _sandbox.RunAsync("stop", "research", "--session", session)).Exits(0);
            Assert.EndsWith($"; removed {left} container(s)", stop.Stdout.Trim());
        }
        else if ((await _sandbox.PsAsync()).Count(c => c.GetProperty("session").GetString() == session) is var late and > 0)
        {
            // The create the killed process sent completed after the next run had already passed: stop removes it too.
            var stop = (await _sandbox.RunAsync("stop", "research", "--session", session)).Exits(0);
            Assert.EndsWith($"; removed {late} container(s)", stop.Stdout.Trim());
        }

        Assert.Empty(await _sandbox.PsAsync());

        // A kill during group-init may leave a temp file. The next init removes it once it is older than
        // HostDirectory.StaleTempAge (a younger one may be a concurrent init's of another session): age what the kill
        // left past that, as a later run would find it, and the next run removes it.
        foreach (var temp in Directory.EnumerateFiles(_sandbox.DataRoot, "*.init-*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddMinutes(-5));
        }

        await _sandbox.AssertNextRunWorksAsync(session);
        AssertNoInitTemps();
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_SIGTERM_at_any_phase_exits_143_and_leaves_nothing(string phase)
    {
        var session = "t" + Math.Abs(phase.GetHashCode()) % 1000;
        var stopped = await PhaseKill.RunAsync(_sandbox.WithDataDir(["run", "research", "--session", session, "--", "sleep", "60"]), _sandbox.Env, phase, SIGTERM);
        Assert.True(stopped.ExitCode == 143, stopped.ToString());
        Assert.DoesNotContain("Unhandled exception", stopped.Stderr);
        Assert.Empty(await _sandbox.PsAsync());
        AssertNoInitTemps();
        await _sandbox.AssertNextRunWorksAsync(session);
    }

    [Fact]
    public async Task Temp_files_an_interrupted_group_init_left_are_removed_by_the_next_init()
    {
        // What a group-init killed on a file system without O_TMPFILE leaves: .NAME.init-XXXX beside the file it wrote.
        var shared = Path.Join(_sandbox.GroupData, ".claude-shared", ".settings.json.init-0badf00d");
        var container = Path.Join(_sandbox.DataRoot, "groups", "research", ".container.json.init-0badf00d");
        foreach (var temp in new[] { shared, container })
        {
            File.WriteAllText(temp, "{");
            File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddMinutes(-5));
        }

        await _sandbox.AssertNextRunWorksAsync();
        Assert.False(File.Exists(shared), $"{shared} survived the next group-init");
        Assert.False(File.Exists(container), $"{container} survived the next group-init");
    }

    private void AssertNoInitTemps()
    {
        var temps = Directory.EnumerateFiles(_sandbox.DataRoot, "*.init-*", SearchOption.AllDirectories).ToList();
        Assert.True(temps.Count == 0, $"an interrupted group-init left {string.Join(", ", temps)}");
    }
}
