using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Ctrl-C and SIGTERM: REAL signals (kill(2)) to a REAL agentspec process with real containers running. Before
/// issue 9 the process died and `ps` still showed the container up.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ShutdownTests(EngineFixture engine) : IAsyncLifetime
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    /// <summary>Exits at once on SIGTERM, saying so.</summary>
    private const string Polite = "trap 'echo got TERM; exit 0' TERM; echo started; sleep 120 & wait";

    private readonly Sandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task SIGTERM_to_run_stops_and_removes_the_container_and_exits_143()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var run = _sandbox.Start("run", "research", "--", "sh", "-c", Polite);
        try
        {
            var name = await RunningNameAsync(1);
            Signal(run, SIGTERM);
            var result = (await run.Completion).Exits(143);

            Assert.Equal(
                [
                    "agentspec: SIGTERM: stopping the containers this run started",
                    $"agentspec: SIGTERM: stopping {name[0]} (SIGTERM, then SIGKILL after 10 s)",
                    $"agentspec: SIGTERM: {name[0]} stopped (exit code 0)",
                    $"agentspec: SIGTERM: removed {name[0]}",
                    "agentspec: SIGTERM: every container this run started is stopped and removed; exiting with 143",
                ],
                result.StderrLines);
            Assert.Equal(["started", "got TERM"], result.StdoutLines); // the container's last words are still shown
            await AssertNothingLeftAsync();

            // The session lock went with it: the session runs again at once.
            (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(0);
        }
        finally
        {
            await run.KillAsync();
        }
    }

    [Fact]
    public async Task SIGINT_to_up_stops_and_removes_every_container_and_exits_130()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.AllGroupsAllowlist);
        var up = _sandbox.Start("up", "main", "research", "--", "sh", "-c", Polite);
        try
        {
            var names = await RunningNameAsync(2);
            Signal(up, SIGINT);
            var result = (await up.Completion).Exits(130);

            Assert.Equal("agentspec: SIGINT: stopping the containers this run started", result.StderrLines[0]);
            foreach (var name in names)
            {
                Assert.Contains($"agentspec: SIGINT: stopping {name} (SIGTERM, then SIGKILL after 10 s)", result.StderrLines);
                Assert.Contains($"agentspec: SIGINT: {name} stopped (exit code 0)", result.StderrLines);
                Assert.Contains($"agentspec: SIGINT: removed {name}", result.StderrLines);
            }

            Assert.Equal("agentspec: SIGINT: every container this run started is stopped and removed; exiting with 130", result.StderrLines[^1]);
            Assert.Contains("main     | got TERM", result.StdoutLines);
            Assert.Contains("research | got TERM", result.StdoutLines);
            await AssertNothingLeftAsync();
        }
        finally
        {
            await up.KillAsync();
        }
    }

    [Fact]
    public async Task A_container_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        // PID 1 without a TERM handler: the kernel never delivers SIGTERM to it, so only SIGKILL ends it.
        var run = _sandbox.Start("run", "research", "--stop-timeout", "3", "--", "sh", "-c", "trap '' TERM; echo started; exec sleep 120");
        try
        {
            var name = (await RunningNameAsync(1))[0];
            var clock = Stopwatch.StartNew();
            Signal(run, SIGTERM);
            var result = (await run.Completion).Exits(143);
            clock.Stop();

            Assert.Contains($"agentspec: SIGTERM: stopping {name} (SIGTERM, then SIGKILL after 3 s)", result.StderrLines);
            Assert.Contains($"agentspec: SIGTERM: {name} did not stop within 3 s: killed (exit code 137)", result.StderrLines);
            Assert.Contains($"agentspec: SIGTERM: removed {name}", result.StderrLines);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(30));
            await AssertNothingLeftAsync();
        }
        finally
        {
            await run.KillAsync();
        }
    }

    [Fact]
    public async Task A_stop_timeout_out_of_range_is_a_usage_error()
    {
        foreach (var value in new[] { "-1", "61" })
        {
            var result = (await _sandbox.RunAsync("run", "research", "--stop-timeout", value, "--", "true")).Exits(Expected.Usage);
            Assert.Equal([$"agentspec: --stop-timeout {value}: give 0 to 60 seconds"], result.StderrLines);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static void Signal(Cli.Running running, int signal) =>
        Assert.True(kill(running.Process.Id, signal) == 0, $"kill({running.Process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");

    /// <summary>Waits until <paramref name="count"/> containers run (so agentspec is past its signal registration) and returns their names.</summary>
    private async Task<string[]> RunningNameAsync(int count)
    {
        var list = await _sandbox.WaitForPsAsync(l => l.Count(c => c.GetProperty("state").GetString() == "running") == count, TimeSpan.FromSeconds(90));
        Assert.Equal(count, list.Count(c => c.GetProperty("state").GetString() == "running"));
        await Task.Delay(500); // the containers printed "started" and installed their traps
        return list.Select(c => c.GetProperty("name").GetString()!).ToArray();
    }

    /// <summary>Neither `ps` nor the engine itself (by the install label) knows a container of this install.</summary>
    private async Task AssertNothingLeftAsync()
    {
        Assert.Empty(await _sandbox.PsAsync());
        var info = new ProcessStartInfo("docker", ["ps", "-aq", "--filter", $"label=agentspec.install={AgentSpec.Runtime.InstallId.For(_sandbox.DataRoot)}"]) { RedirectStandardOutput = true };
        using var docker = Process.Start(info)!;
        var output = await docker.StandardOutput.ReadToEndAsync();
        await docker.WaitForExitAsync();
        Assert.Equal(0, docker.ExitCode);
        Assert.Equal(string.Empty, output.Trim());
    }
}
