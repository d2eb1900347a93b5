using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>
/// An <see cref="IContainerEngine"/> whose every call has AgentSpec's own deadline (<see cref="EngineDeadlines"/>):
/// past it the call is abandoned with an <see cref="EngineTimeoutException"/> naming what was asked and how long it
/// waited; a call slower than the notice time says on stderr what it is waiting for. A container's wait has no
/// deadline (a run may last hours) but pings the engine every heartbeat, so a frozen or vanished engine ends it too.
/// </summary>
internal sealed class DeadlineEngine : IContainerEngine
{
    private readonly IContainerEngine _inner;
    private readonly EngineDeadlines _deadlines;
    private readonly Action<string>? _onWait;

    public DeadlineEngine(IContainerEngine inner, EngineDeadlines deadlines, Action<string>? onWait)
    {
        _inner = inner;
        _deadlines = deadlines;
        _onWait = onWait;
    }

    public string Endpoint => _inner.Endpoint;

    public Task PingAsync(CancellationToken cancellationToken) => Guard("ping", ct => _inner.PingAsync(ct), cancellationToken);

    public Task InspectImageAsync(string image, CancellationToken cancellationToken) =>
        Guard($"inspect image {image}", ct => _inner.InspectImageAsync(image, ct), cancellationToken);

    public Task<IDictionary<string, string>> ImageLabelsAsync(string image, CancellationToken cancellationToken) =>
        Guard($"inspect image {image}", ct => _inner.ImageLabelsAsync(image, ct), cancellationToken);

    public Task ImportImageAsync(System.IO.Stream tar, string repository, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken) =>
        Guard($"import image {repository}:{tag}", ct => _inner.ImportImageAsync(tar, repository, tag, changes, ct), cancellationToken,
            TimeSpan.FromSeconds(120));

    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        Guard($"create container {parameters.Name}", ct => _inner.CreateContainerAsync(parameters, ct), cancellationToken);

    public Task<MultiplexedStream> AttachAsync(string containerId, bool stdin, CancellationToken cancellationToken) =>
        Guard($"attach to container {Short(containerId)}", ct => _inner.AttachAsync(containerId, stdin, ct), cancellationToken);

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Guard($"start container {Short(containerId)}", ct => _inner.StartContainerAsync(containerId, ct), cancellationToken);

    public async Task<ContainerWaitResponse> WaitContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wait = _inner.WaitContainerAsync(containerId, linked.Token);
        while (true)
        {
            if (await Task.WhenAny(wait, Task.Delay(_deadlines.Heartbeat, CancellationToken.None)).ConfigureAwait(false) == wait
                || cancellationToken.IsCancellationRequested)
            {
                return await wait.ConfigureAwait(false);
            }

            try
            {
                await PingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The engine froze or went away while the container ran: the wait would never end on its own.
                linked.Cancel();
                _ = wait.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw;
            }
        }
    }

    public Task<bool> StopContainerAsync(string containerId, uint waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        Guard(
            $"stop container {Short(containerId)}",
            ct => _inner.StopContainerAsync(containerId, waitBeforeKillSeconds, ct),
            cancellationToken,
            TimeSpan.FromSeconds(waitBeforeKillSeconds));

    public Task<ContainerInspectResponse> InspectContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Guard($"inspect container {Short(containerId)}", ct => _inner.InspectContainerAsync(containerId, ct), cancellationToken);

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Guard($"remove container {Short(containerId)}", ct => _inner.RemoveContainerAsync(containerId, ct), cancellationToken);

    public Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        Guard("list containers", ct => _inner.ListContainersAsync(labels, ct), cancellationToken);

    public Task<NetworksCreateResponse> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken) =>
        Guard($"create network {parameters.Name}", ct => _inner.CreateNetworkAsync(parameters, ct), cancellationToken);

    public Task ConnectNetworkAsync(string networkId, string containerId, string alias, CancellationToken cancellationToken) =>
        Guard($"connect to network {Short(networkId)}", ct => _inner.ConnectNetworkAsync(networkId, containerId, alias, ct), cancellationToken);

    public Task<NetworkResponse> InspectNetworkAsync(string networkId, CancellationToken cancellationToken) =>
        Guard($"inspect network {Short(networkId)}", ct => _inner.InspectNetworkAsync(networkId, ct), cancellationToken);

    public Task DisconnectNetworkAsync(string networkId, string containerId, CancellationToken cancellationToken) =>
        Guard($"disconnect from network {Short(networkId)}", ct => _inner.DisconnectNetworkAsync(networkId, containerId, ct), cancellationToken);

    public Task DeleteNetworkAsync(string networkId, CancellationToken cancellationToken) =>
        Guard($"remove network {Short(networkId)}", ct => _inner.DeleteNetworkAsync(networkId, ct), cancellationToken);

    public Task<IList<NetworkResponse>> ListNetworksAsync(string label, CancellationToken cancellationToken) =>
        Guard("list networks", ct => _inner.ListNetworksAsync(label, ct), cancellationToken);

    public void Dispose() => _inner.Dispose();

    private static string Short(string id) => id.Length > 12 ? id.Substring(0, 12) : id;

    private Task Guard(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken, TimeSpan extra = default) =>
        Guard(
            operation,
            async ct =>
            {
                await call(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken,
            extra);

    private async Task<T> Guard<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, TimeSpan extra = default)
    {
        var limit = _deadlines.Call + extra;
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        using var notice = _onWait is null
            ? null
            : new Timer(
                _ => _onWait($"waiting for the Docker engine at {Endpoint} to answer: {operation} ({clock.Elapsed.TotalSeconds:0} s so far, " +
                    $"giving up after {limit.TotalSeconds:0} s)"),
                null,
                _deadlines.NoticeAfter,
                Timeout.InfiniteTimeSpan);
        try
        {
            // WaitAsync as well: a call that ignores its token still ends at the deadline.
            return await call(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new EngineTimeoutException(operation, clock.Elapsed);
        }
    }
}
