using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>
/// What a run does when the engine fails it after the container was made: wait a little for the engine to answer
/// again (a restarted dockerd), then report the container's fate and remove it; when the engine stays away, name the
/// one command that removes what this session left. Never throws: it returns the failure to report.
/// </summary>
internal sealed class EngineRecovery
{
    private static readonly TimeSpan PingDeadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(500);

    private readonly IContainerEngine _engine;
    private readonly EngineDeadlines _deadlines;
    private readonly Action<string>? _onWait;

    public EngineRecovery(IContainerEngine engine, EngineDeadlines deadlines, Action<string>? onWait)
    {
        _engine = engine;
        _deadlines = deadlines;
        _onWait = onWait;
    }

    /// <summary>A short, one-line reason for an engine client exception (never its stack trace).</summary>
    public static string Describe(Exception e) => e switch
    {
        RuntimeError r => r.Message,
        EngineTimeoutException t => t.Message,
        DockerApiException api => $"engine answered {(int)api.StatusCode}: {api.ResponseBody?.Trim()}",
        _ => Innermost(e).Message.Trim(),
    };

    /// <summary>The failure to report for the failure with container <paramref name="id"/> made: its fate, or the command that removes it.</summary>
    public async Task<EngineFailure> AfterEngineLossAsync(string id, LaunchSpec spec, bool started, EngineFailure failure)
    {
        var stop = SessionLock.StopCommand(spec.GroupId, spec.Session);
        var clock = Stopwatch.StartNew();
        _onWait?.Invoke($"lost the Docker engine at {_engine.Endpoint} with {spec.ContainerName} on it; waiting up to " +
            $"{_deadlines.Recovery.TotalSeconds:0} s for it to answer again (Ctrl-C stops waiting)");
        var back = await WaitForEngineAsync().ConfigureAwait(false);
        if (back)
        {
            try
            {
                var state = await _engine.InspectContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
                await _engine.RemoveContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
                return new EngineFailure(
                    $"{failure.Message}{Environment.NewLine}when the engine answered again ({clock.Elapsed.TotalSeconds:0} s later), {spec.ContainerName} " +
                    $"{Fate(state, started)}; agentspec removed it. Nothing of this run is left; run again when the engine is healthy",
                    failure);
            }
            catch (DockerContainerNotFoundException)
            {
                return new EngineFailure(
                    $"{failure.Message}{Environment.NewLine}when the engine answered again, {spec.ContainerName} was gone (the engine lost " +
                        $"it). Nothing of this run is left",
                    failure);
            }
            catch (Exception)
            {
                // Fall through: the engine went away again; say how to remove what is left.
            }
        }

        return new EngineFailure(
            $"{failure.Message}{Environment.NewLine}{spec.ContainerName} {(started ? "was running" : "was created but not started")} and " +
                $"may still be on the engine " +
            $"(it did not answer again within {_deadlines.Recovery.TotalSeconds:0} s); once it answers, {stop} stops and removes what this session left",
            failure);
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static string Fate(ContainerInspectResponse inspected, bool started) => inspected.State switch
    {
        null => "was in an unknown state",
        { Running: true } => "was still running",
        { Status: "created" } => started ? "had not started" : "was created but never started",
        { } state => $"had {state.Status} with exit code {state.ExitCode}{(state.OOMKilled ? " (killed for memory)" : string.Empty)}",
    };

    private async Task<bool> WaitForEngineAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < _deadlines.Recovery)
        {
            using var deadline = new CancellationTokenSource(PingDeadline);
            try
            {
                await _engine.PingAsync(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
                return true;
            }
            catch (Exception)
            {
                await Task.Delay(Pause).ConfigureAwait(false);
            }
        }

        return false;
    }
}
