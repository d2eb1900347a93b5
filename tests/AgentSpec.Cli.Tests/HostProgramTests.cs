using System.Diagnostics;
using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 20's Done-when: a host program that is not .NET (Probes/run_host.py, python3's standard library only) drives
/// `agentspec run --json` end to end against the real engine, and learns everything from the events and exit codes.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class HostProgramTests(EngineFixture engine) : IAsyncLifetime
{
    private readonly Sandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task A_python_host_drives_a_run_through_its_events()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var facts = await RunHostAsync(Guid.NewGuid().ToString("N")[..10]);

        // The container's name was chosen (--run-id) and known before it was created; the started event names the same container.
        Assert.Equal("True", facts["created_name_known"]);
        Assert.Equal("True", facts["started_id_matches"]);
        // A container that exits 1: every event in order, its stdin and per-run variable arrived, the value never in an event.
        Assert.Equal("1", facts["exit1_code"]);
        Assert.Equal("initialized,created,started,exited", facts["exit1_events"]);
        Assert.Equal("1", facts["exit1_last_exit_code"]);
        Assert.Matches("^per-message-token-[0-9a-f]+:hello from the host$", facts["exit1_stdout"]);
        Assert.Equal("to stderr", facts["exit1_stderr"]);
        Assert.Equal("False", facts["exit1_secret_leaked"]);
        // A refusal is told apart from that: its own event and exit code, every problem, nothing created, no value shown.
        Assert.Equal("125", facts["refused_code"]);
        Assert.Equal("refused", facts["refused_events"]);
        Assert.Equal("refused", facts["refused_reason"]);
        Assert.Equal("2", facts["refused_problems"]);
        Assert.Equal("False", facts["refused_session_created"]);
        Assert.Equal("False", facts["refused_secret_leaked"]);
        // `agentspec stop --stop-timeout 1` ends a container that ignores SIGTERM after one second: killed, 137.
        Assert.Equal("0", facts["stop_command_code"]);
        Assert.Equal("True", facts["stop_seconds_under_8"]);
        Assert.Equal("137", facts["stop_run_code"]);
        Assert.Equal("exited:137", facts["stop_last"]);
        // SIGTERM to agentspec: the container is stopped (it exits 0 on TERM), the event says why, agentspec exits 143.
        Assert.Equal("143", facts["signal_code"]);
        Assert.Equal("stopped:signal:SIGTERM:0", facts["signal_last"]);
        // --timeout ends the run: stopped for the timeout, exit 124.
        Assert.Equal("124", facts["timeout_code"]);
        Assert.Equal("stopped:timeout", facts["timeout_last"]);
        Assert.Equal("True", facts["timeout_seconds_ok"]);
        Assert.Equal("True", facts["done"]);
        Assert.Empty(await _sandbox.PsAsync());
    }

    /// <summary>Runs the script with python3 and returns the key=value facts it printed.</summary>
    private async Task<Dictionary<string, string>> RunHostAsync(string tag)
    {
        var info = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Join(AppContext.BaseDirectory, "Probes", "run_host.py"));
        info.ArgumentList.Add(_sandbox.DataRoot);
        info.ArgumentList.Add(tag);
        info.Environment.Remove("AGENTSPEC_DATA_DIR");
        info.Environment["HOME"] = _sandbox.Home;
        info.Environment["AGENTSPEC_COMMAND"] = JsonSerializer.Serialize(Cli.Command);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"run_host.py did not finish within 4 minutes{Environment.NewLine}{await stdout}{await stderr}");
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"run_host.py exited {process.ExitCode}{Environment.NewLine}{output}{await stderr}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : string.Empty);
    }
}
