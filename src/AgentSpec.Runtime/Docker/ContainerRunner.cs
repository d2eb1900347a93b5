using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>
/// One container's life: create, attach, start, wait, stop on cancellation, remove. Create and start are never
/// abandoned half way: a container the engine made is always known here, so it is always removed.
/// </summary>
internal sealed class ContainerRunner
{
    private readonly IContainerEngine _engine;
    private readonly EngineErrors _errors;
    private readonly string _installId;
    private readonly Action<string>? _onShutdown;
    private readonly LaunchTimings _timings;
    private readonly EngineRecovery _recovery;

    public ContainerRunner(
        IContainerEngine engine,
        EngineErrors errors,
        string installId,
        Action<string>? onShutdown,
        LaunchTimings timings,
        EngineDeadlines? deadlines = null,
        Action<string>? onWait = null)
    {
        _recovery = new EngineRecovery(engine, deadlines ?? EngineDeadlines.Default, onWait);
        _engine = engine;
        _errors = errors;
        _installId = installId;
        _onShutdown = onShutdown;
        _timings = timings;
    }

    /// <summary>
    /// Creates, starts and waits for the container of <paramref name="spec"/> on <paramref name="network"/>, then removes it.
    /// Past <see cref="LaunchSpec.Timeout"/> it is stopped (as on cancellation) and removed, and the exit says it timed out.
    /// </summary>
    public async Task<ContainerExit> CreateRunRemoveAsync(
        LaunchSpec spec, ProxyNetwork? network, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var id = await CreateAsync(spec, network, cancellationToken).ConfigureAwait(false);
        _timings.Mark("create");
        var events = new RunEvents(spec, id);
        (int Exit, GroupRunEvent Ended) run;
        try
        {
            run = await AttachStartWaitAsync(id, spec, events, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineFailure e) when (!cancellationToken.IsCancellationRequested)
        {
            // The engine went away (or froze) with the container made: say what became of it, or how to remove it.
            _timings.Mark("remove");
            throw await _recovery.AfterEngineLossAsync(id, spec, events.HasStarted, e).ConfigureAwait(false);
        }
        catch
        {
            await RemoveAfterFailureAsync(id, spec, events, cancellationToken).ConfigureAwait(false);
            throw;
        }

        if (await RemoveQuietlyAsync(id).ConfigureAwait(false) is { } failure)
        {
            throw new EngineFailure(
                $"{spec.ContainerName} exited with {run.Exit}, but removing it failed ({failure}); " +
                    $"{SessionLock.StopCommand(spec.GroupId, spec.Session)} removes it once the engine answers");
        }

        _timings.Mark("remove");
        events.Tell(run.Ended);
        return new ContainerExit(run.Exit, run.Ended.Kind == GroupRunEventKind.Stopped);
    }

    /// <summary>Maps and creates the container; returns its id. A missing image and an engine that froze mid-create say what to do.</summary>
    private async Task<string> CreateAsync(LaunchSpec spec, ProxyNetwork? network, CancellationToken cancellationToken)
    {
        var parameters = CreateParametersMapper.Map(_installId, spec, network);
        _timings.Mark("create parameters");
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // Not cancellable: a create cut off mid-request may still make the container, which nobody would remove.
            var created = await _errors.Call(() => _engine.CreateContainerAsync(parameters, CancellationToken.None), CancellationToken.None, spec.ContainerName)
                .ConfigureAwait(false);
            return created.ID;
        }
        catch (RuntimeError e) when (EngineErrors.IsImageMissing(e))
        {
            // The engine has no such image: create never pulls, so this is the whole image check (no extra inspect).
            throw _errors.ImageMissing(spec.Image, e.InnerException!);
        }
        catch (EngineFailure e) when (e.InnerException is EngineTimeoutException)
        {
            throw new EngineFailure($"{e.Message}; if the engine still creates {spec.ContainerName}, " +
                $"{SessionLock.StopCommand(spec.GroupId, spec.Session)} removes it", e);
        }
    }

    /// <summary>
    /// Attaches, starts and waits for the created container <paramref name="id"/>, pumping its output (and forwarding stdin);
    /// returns its exit code and the end event to tell once it is removed. A cancelled run ends by throwing.
    /// </summary>
    private async Task<(int Exit, GroupRunEvent Ended)> AttachStartWaitAsync(
        string id, LaunchSpec spec, RunEvents events, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        events.Tell(GroupRunEventKind.Created);
        cancellationToken.ThrowIfCancellationRequested();
        using var stream = await _errors.Call(() => _engine.AttachAsync(id, spec.Stdin is not null, CancellationToken.None), CancellationToken.None)
            .ConfigureAwait(false);
        _timings.Mark("attach");
        cancellationToken.ThrowIfCancellationRequested();
        await StartAsync(id, spec).ConfigureAwait(false);
        events.Started();
        _timings.Mark("start");
        // Attached before start, read from here (the engine holds what came first): the started event precedes all output.
        // Not tied to the cancellation: what the container prints while it stops is shown too; the stream ends when it is gone.
        var pump = PumpAsync(stream, stdout, stderr, CancellationToken.None);
        using var forwarding = new CancellationTokenSource();
        // On a task of its own: a console stream's ReadAsync blocks its caller until input comes.
        var forward = spec.Stdin is { } input
            ? Task.Run(() => StdinForwarder.ForwardAsync(stream, input, forwarding.Token), CancellationToken.None)
            : Task.CompletedTask;
        var wait = await WaitOrStopAsync(id, spec, events, pump, forwarding, cancellationToken).ConfigureAwait(false);
        forwarding.Cancel();
        (int Exit, GroupRunEvent Ended) run;
        if (wait is null)
        {
            // The run's deadline passed: stopped like a cancelled run, then removed by the caller; the exit says so.
            var exit = (await InspectExitAsync(id).ConfigureAwait(false)) ?? 137;
            run = (exit, events.Ending(GroupRunEventKind.Stopped, exit, "timeout"));
        }
        else
        {
            await _errors.Call(() => pump, CancellationToken.None).ConfigureAwait(false);
            var exit = (int)wait.StatusCode;
            run = (exit, events.Ending(GroupRunEventKind.Exited, exit, null));
        }

        // A host may keep its stdin open after the container is gone, and a console read may not honour cancellation.
        await Task.WhenAny(forward, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        _timings.Mark("wait");
        return run;
    }

    /// <summary>Starts the container; a start error about the command becomes a <see cref="CommandFailedException"/> (126/127).</summary>
    private async Task StartAsync(string id, LaunchSpec spec)
    {
        try
        {
            await _errors.Call(() => _engine.StartContainerAsync(id, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        }
        catch (RuntimeError e) when (e is not EngineFailure && CommandFailedException.From(e, spec) is { } command)
        {
            throw command;
        }
    }

    /// <summary>
    /// Waits for the container to exit. On cancellation, or past the run's <see cref="LaunchSpec.Timeout"/>, it is stopped:
    /// a cancelled run then rethrows, a timed-out one returns null.
    /// </summary>
    private async Task<ContainerWaitResponse?> WaitOrStopAsync(
        string id, LaunchSpec spec, RunEvents events, Task pump, CancellationTokenSource forwarding, CancellationToken cancellationToken)
    {
        using var deadline = spec.Timeout is { } timeout ? new CancellationTokenSource(timeout) : null;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline?.Token ?? CancellationToken.None);
        try
        {
            return await _errors.Call(() => _engine.WaitContainerAsync(id, either.Token), either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (either.IsCancellationRequested)
        {
            var stoppedWith = await StopAsync(id, spec).ConfigureAwait(false);
            await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            forwarding.Cancel();
            if (cancellationToken.IsCancellationRequested)
            {
                events.Ending(GroupRunEventKind.Stopped, stoppedWith, "cancelled");
                throw;
            }

            return null;
        }
    }

    /// <summary>After a failed (or cancelled) run: removes the container and, when cancelled, says what became of it.</summary>
    private async Task RemoveAfterFailureAsync(string id, LaunchSpec spec, RunEvents events, CancellationToken cancellationToken)
    {
        var left = await RemoveQuietlyAsync(id).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            _onShutdown?.Invoke(left is null
                ? $"removed {spec.ContainerName}{(events.HasStarted ? string.Empty : " (it was never started)")}"
                : $"could not remove {spec.ContainerName} ({left}); {SessionLock.StopCommand(spec.GroupId, spec.Session)} removes it " +
                    $"once the engine answers");
            events.Tell(events.Last ?? events.Ending(GroupRunEventKind.Stopped, null, "cancelled"));
        }

        _timings.Mark("remove");
    }

    /// <summary>The exit code of a stopped container, if the engine says.</summary>
    private async Task<int?> InspectExitAsync(string id)
    {
        try
        {
            return (int?)(await _engine.InspectContainerAsync(id, CancellationToken.None).ConfigureAwait(false)).State?.ExitCode;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or EngineTimeoutException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGTERM, at most <see cref="LaunchSpec.StopTimeout"/> to exit, then SIGKILL; reports which it took and returns its exit code.</summary>
    private async Task<int?> StopAsync(string id, LaunchSpec spec)
    {
        var seconds = (uint)Math.Ceiling(spec.StopTimeout.TotalSeconds);
        _onShutdown?.Invoke($"stopping {spec.ContainerName} (SIGTERM, then SIGKILL after {seconds} s)");
        try
        {
            await _engine.StopContainerAsync(id, seconds, CancellationToken.None).ConfigureAwait(false);
            var state = (await _engine.InspectContainerAsync(id, CancellationToken.None).ConfigureAwait(false)).State;
            // 137 = 128 + SIGKILL: the engine had to kill it once the grace period was over.
            _onShutdown?.Invoke(state?.ExitCode == 137
                ? $"{spec.ContainerName} did not stop within {seconds} s: killed (exit code 137)"
                : $"{spec.ContainerName} stopped (exit code {state?.ExitCode})");
            return (int?)state?.ExitCode;
        }
        catch (Exception e)
        {
            // Removal (force) below kills it whatever happened here.
            _onShutdown?.Invoke($"stopping {spec.ContainerName} failed ({EngineRecovery.Describe(e)}); removing it by force");
            return null;
        }
    }

    /// <summary>Removes the container by force; null when it is gone (or going), else why it could not be removed (never throws).</summary>
    private async Task<string?> RemoveQuietlyAsync(string id)
    {
        try
        {
            await _engine.RemoveContainerAsync(id, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return null; // removal already in progress
        }
        catch (Exception e)
        {
            return EngineRecovery.Describe(e);
        }
    }

    // Every buffer here is bounded: one read of the engine's stream at a time; what the writers keep is theirs to bound.
    private static async Task PumpAsync(MultiplexedStream stream, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var outSink = new OutputSink(stdout);
        var errSink = new OutputSink(stderr);
        while (true)
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            var sink = read.Target == MultiplexedStream.TargetStream.StandardError ? errSink : outSink;
            await sink.WriteAsync(buffer, read.Count, cancellationToken).ConfigureAwait(false);
        }

        await outSink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        await errSink.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
