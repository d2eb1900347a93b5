using System.Diagnostics;

namespace AgentSpec.Cli.Tests.Faults;

/// <summary>
/// Issue 23, findings 1 and 3: the engine killed, stopped, restarted or frozen around real runs on the suite's own
/// second engine. Before: exit 134 with an unhandled HttpRequestException and ~140 lines of stack trace; a frozen
/// engine hung run for 100 s. Now: exit 125, one message naming the engine and what became of the container.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class EngineFaultTests(FaultEngine engine) : IAsyncLifetime
{
    private readonly FaultSandbox _sandbox = new(engine);

    public async Task InitializeAsync()
    {
        engine.Require();
        await _sandbox.PrepareAsync();
    }

    public async Task DisposeAsync()
    {
        engine.Signal(FaultEngine.SIGCONT);
        if ((await engine.DockerAsync("info")).Code != 0)
        {
            await engine.StartAsync();
        }

        await _sandbox.DisposeAsync();
    }

    [Theory]
    [InlineData(FaultEngine.SIGKILL)]
    [InlineData(FaultEngine.SIGTERM)]
    public async Task The_engine_dying_while_a_container_runs_exits_125_with_one_message_and_the_next_run_works(int signal)
    {
        var run = Cli.Start(_sandbox.WithDataDir(["run", "research", "--", "sh", "-c", "echo started; sleep 120"]), _sandbox.Env, TimeSpan.FromSeconds(120));
        await WaitForRunningAsync();
        await engine.StopAsync(signal);
        var result = (await run.Completion).Exits(125);

        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.True(result.StderrLines.Any(l => l.StartsWith($"agentspec: lost the Docker engine at {engine.Endpoint} with agentspec-research-default-", StringComparison.Ordinal)), result.ToString());
        // Why depends on the moment: the connection closed mid-answer, refused, or the socket already gone.
        Assert.Contains(result.StderrLines, l => l.StartsWith($"agentspec: cannot reach the Docker engine at {engine.Endpoint}: ", StringComparison.Ordinal));
        // The engine stayed away: the one command that removes what the session left is named.
        Assert.Contains(result.StderrLines, l => l.Contains("may still be on the engine", StringComparison.Ordinal) && l.Contains("`agentspec stop research --session default` stops and removes what this session left", StringComparison.Ordinal));

        await engine.StartAsync();
        var stop = (await _sandbox.RunAsync("stop", "research", "--session", "default")).Exits(0);
        Assert.Matches(@"^stopped \d container\(s\) of group research session default; removed [01] container\(s\)$", stop.Stdout.Trim());
        await _sandbox.AssertNextRunWorksAsync();
    }

    [Fact]
    public async Task An_engine_that_comes_back_within_the_recovery_window_gets_the_containers_fate_reported_and_removed()
    {
        // A deadline of 20 s: the recovery window too (a dockerd restarted after a crash needs about 10 s to answer).
        var env = _sandbox.Env.ToDictionary(e => e.Key, e => e.Value);
        env["AGENTSPEC_ENGINE_TIMEOUT"] = "20";
        var run = Cli.Start(_sandbox.WithDataDir(["run", "research", "--", "sh", "-c", "echo started; sleep 120"]), env, TimeSpan.FromSeconds(120));
        await WaitForRunningAsync();
        await engine.StopAsync(FaultEngine.SIGKILL);
        await engine.StartAsync();
        var result = (await run.Completion).Exits(125);

        Assert.Contains($"agentspec: lost the Docker engine at {engine.Endpoint} with agentspec-research-default-", result.Stderr);
        Assert.True(
            result.StderrLines.Any(l => l.StartsWith("when the engine answered again", StringComparison.Ordinal) && l.Contains("agentspec removed it. Nothing of this run is left", StringComparison.Ordinal)),
            result.ToString());
        Assert.Empty(await _sandbox.PsAsync());
        await _sandbox.AssertNextRunWorksAsync();
    }

    [Fact]
    public async Task A_frozen_engine_ends_run_and_ps_at_agentspecs_deadline_with_a_waiting_notice()
    {
        engine.Signal(FaultEngine.SIGSTOP);
        try
        {
            var clock = Stopwatch.StartNew();
            var run = (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(125);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"run took {clock.Elapsed.TotalSeconds:0} s against a frozen engine (deadline 5 s)");
            Assert.Contains(run.EngineNotices, l => l.StartsWith($"agentspec: waiting for the Docker engine at {engine.Endpoint} to answer: ", StringComparison.Ordinal));
            Assert.Contains(run.StderrLines, l => l.StartsWith($"agentspec: the Docker engine at {engine.Endpoint} did not answer within 5 s (", StringComparison.Ordinal) && l.Contains("AGENTSPEC_ENGINE_TIMEOUT", StringComparison.Ordinal));

            clock.Restart();
            var ps = (await _sandbox.RunAsync("ps")).Exits(1);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"ps took {clock.Elapsed.TotalSeconds:0} s against a frozen engine");
            Assert.Contains("did not answer within 5 s (list containers)", ps.Stderr);
        }
        finally
        {
            engine.Signal(FaultEngine.SIGCONT);
        }

        await _sandbox.AssertNextRunWorksAsync();
    }

    [Fact]
    public async Task An_engine_frozen_while_a_container_runs_ends_the_run_at_the_heartbeat_and_names_the_stop_command()
    {
        var run = Cli.Start(_sandbox.WithDataDir(["run", "research", "--", "sh", "-c", "echo started; sleep 120"]), _sandbox.Env, TimeSpan.FromSeconds(120));
        await WaitForRunningAsync();
        engine.Signal(FaultEngine.SIGSTOP);
        var clock = Stopwatch.StartNew();
        CliResult result;
        try
        {
            result = (await run.Completion).Exits(125);
        }
        finally
        {
            engine.Signal(FaultEngine.SIGCONT);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"the run noticed the frozen engine only after {clock.Elapsed.TotalSeconds:0} s");
        Assert.Contains(result.StderrLines, l => l.Contains("did not answer within 5 s (ping)", StringComparison.Ordinal));
        Assert.Contains("`agentspec stop research --session default`", result.Stderr);
        (await _sandbox.RunAsync("stop", "research", "--session", "default")).Exits(0);
        await _sandbox.AssertNextRunWorksAsync();
    }

    private async Task WaitForRunningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (!(await _sandbox.PsAsync()).Any(c => c.GetProperty("state").GetString() == "running"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the run's container never showed as running");
            await Task.Delay(200);
        }
    }
}
