using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>
/// Runs containers through the Docker Engine API (Docker.DotNet.Enhanced, never the docker CLI). Every container gets
/// the install/group/run labels; list, stop and cleanup only touch containers carrying this install's label.
/// Images are never pulled: a missing image is an error that says how to provide it.
/// </summary>
/// <remarks>
/// A thin facade over the pieces in Docker/: <see cref="IContainerEngine"/> (the engine seam), <see cref="CreateParametersMapper"/>,
/// <see cref="ContainerRunner"/>, <see cref="ProxyNetworks"/>, <see cref="ContainerInventory"/> and <see cref="EngineErrors"/>.
/// </remarks>
public sealed class DockerLauncher : IDisposable
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";

    private readonly IContainerEngine _engine;
    private readonly EngineErrors _errors;
    private readonly ContainerRunner _runner;
    private readonly ProxyNetworks _networks;
    private readonly ContainerInventory _inventory;
    private readonly GatewayHost _gateways;

    /// <param name="installId">This installation's id (<see cref="InstallId.For"/> of the data root).</param>
    /// <param name="endpoint">The engine endpoint; default $DOCKER_HOST or unix:///var/run/docker.sock.</param>
    public DockerLauncher(string installId, string? endpoint = null)
        : this(installId, endpoint, onShutdown: null, LaunchTimings.Off)
    {
    }

    /// <param name="installId">This installation's id (<see cref="InstallId.For"/> of the data root).</param>
    /// <param name="endpoint">The engine endpoint; default $DOCKER_HOST or unix:///var/run/docker.sock.</param>
    /// <param name="onShutdown">
    /// Told, line by line, what a cancelled run does to its container (stopping, stopped or killed, removed), so
    /// the operator sees what Ctrl-C or SIGTERM did. Null: silent.
    /// </param>
    /// <param name="timings">The invocation's timing sink.</param>
    internal DockerLauncher(string installId, string? endpoint, Action<string>? onShutdown, LaunchTimings timings)
        : this(installId, endpoint, onShutdown, timings, EngineDeadlines.Default, onWait: null)
    {
    }

    /// <summary>A launcher whose engine calls have <paramref name="deadlines"/>; <paramref name="onWait"/> hears what a slow call waits for.</summary>
    internal DockerLauncher(
        string installId, string? endpoint, Action<string>? onShutdown, LaunchTimings timings, EngineDeadlines deadlines, Action<string>? onWait)
        : this(
            installId,
            new DeadlineEngine(new DockerEngine(endpoint ?? DefaultEndpointFromEnvironment), deadlines, onWait),
            onShutdown,
            timings,
            deadlines,
            onWait)
    {
    }

    /// <summary>A launcher over any <see cref="IContainerEngine"/> (the seam tests and other engines use).</summary>
    internal DockerLauncher(
        string installId,
        IContainerEngine engine,
        Action<string>? onShutdown,
        LaunchTimings timings,
        EngineDeadlines? deadlines = null,
        Action<string>? onWait = null)
    {
        InstallId = installId;
        Timings = timings;
        _engine = engine;
        _errors = new EngineErrors(engine.Endpoint);
        _runner = new ContainerRunner(engine, _errors, installId, onShutdown, timings, deadlines, onWait);
        _networks = new ProxyNetworks(engine, _errors, installId);
        _inventory = new ContainerInventory(engine, _errors, installId);
        _gateways = new GatewayHost(engine, _errors, installId, _networks);
    }

    public string InstallId { get; }

    /// <summary>$DOCKER_HOST when set, else <see cref="DefaultEndpoint"/>.</summary>
    public static string DefaultEndpointFromEnvironment =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultEndpoint;

    /// <summary>A launcher for the installation whose data root is <paramref name="dataRoot"/>.</summary>
    public static DockerLauncher ForDataRoot(string dataRoot, string? endpoint = null) => new(Runtime.InstallId.For(dataRoot), endpoint);

    public string Endpoint => _engine.Endpoint;

    /// <summary>
    /// The stable container name of a run: agentspec-&lt;group&gt;-&lt;session&gt;-&lt;run&gt; (the labels are what counts; the name is for people).
    /// </summary>
    public static string ContainerName(string groupId, string session, string runId) => $"agentspec-{groupId}-{session}-{runId}";

    /// <summary>The grace period of a stop: SIGTERM, then SIGKILL after this long.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest stop grace period accepted (an engine call must not outlast the client's timeout).</summary>
    internal static readonly TimeSpan MaxStopTimeout = CreateParametersMapper.MaxStopTimeout;

    /// <summary>The invocation's timing sink (also used by <see cref="GroupLauncher"/> for its phases).</summary>
    internal LaunchTimings Timings { get; }

    /// <summary>A new run id: UTC time plus a random suffix, valid in container names.</summary>
    internal static string NewRunId() =>
        DateTime.UtcNow.ToString("yyyyMMdd't'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);

    /// <summary>Checks that the engine answers.</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        _errors.Call(() => _engine.PingAsync(cancellationToken), cancellationToken);

    /// <summary>Whether the engine has <paramref name="image"/> (an inspect: nothing is ever pulled).</summary>
    public Task<bool> ImagePresentAsync(string image, CancellationToken cancellationToken = default) =>
        _errors.Call(
            async () =>
            {
                try
                {
                    await _engine.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (DockerImageNotFoundException)
                {
                    return false;
                }
                catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            },
            cancellationToken);

    /// <summary>The create parameters for a spec (<see cref="CreateParametersMapper.Map"/> for this installation).</summary>
    internal CreateContainerParameters BuildCreateParameters(LaunchSpec spec, ProxyNetwork? network = null) =>
        CreateParametersMapper.Map(InstallId, spec, network);

    /// <summary>
    /// Creates, starts and waits for one container, streaming its stdout/stderr to the writers, then removes it.
    /// Returns the container's exit code. On cancellation (Ctrl-C, SIGTERM) the container is stopped (SIGTERM,
    /// then SIGKILL after <see cref="LaunchSpec.StopTimeout"/>), its last output is still streamed, it is
    /// removed, and <see cref="OperationCanceledException"/> is thrown. Create and start themselves are never
    /// abandoned half way: a container the engine made is always known here, so it is always removed.
    /// </summary>
    internal async Task<int> RunAsync(LaunchSpec spec, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        (await RunContainerAsync(spec, stdout, stderr, cancellationToken).ConfigureAwait(false)).ExitCode;

    /// <summary>As <see cref="RunAsync"/>, also telling whether the run's timeout ended it.</summary>
    internal async Task<ContainerExit> RunContainerAsync(LaunchSpec spec, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        if (spec.Gateway is { } gateway)
        {
            // The gateway and the run's network exist only while the agent does; teardown runs whatever happened.
            var run = await _gateways.StartAsync(spec, gateway, cancellationToken).ConfigureAwait(false);
            try
            {
                return await _runner.CreateRunRemoveAsync(spec, run.Network, stdout, stderr, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await _gateways.StopAsync(run).ConfigureAwait(false);
            }
        }

        var network = spec.EgressProxy is { } proxy ? await CreateProxyNetworkAsync(spec, proxy, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            if (network is not null && spec.ProxyCa is { } ca)
            {
                // The operator proxy's CA, copied for this run only: the agent gets the copy read-only, never the operator's file.
                network = network with { CaFolder = GatewayFiles.WriteRunCa(ca.RunFolder, ca.Pem) };
            }

            return await _runner.CreateRunRemoveAsync(spec, network, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (network is not null)
            {
                await _networks.RemoveQuietlyAsync(network.Id).ConfigureAwait(false);
            }

            if (spec.ProxyCa is { } copied)
            {
                new GatewayFiles(copied.RunFolder, string.Empty, string.Empty).RemoveRun();
            }
        }
    }

    /// <summary>Makes the gateway image from <paramref name="executable"/> (the NativeAOT agentspec) as <paramref name="tag"/>.</summary>
    internal Task ImportGatewayImageAsync(string executable, string tag, CancellationToken cancellationToken = default) =>
        _errors.Call(() => GatewayImage.ImportAsync(_engine, executable, tag, cancellationToken), cancellationToken);

    /// <summary>The SHA-256 label of the gateway image <paramref name="tag"/>; null when the engine has no such image.</summary>
    internal Task<string?> GatewayImageBinaryAsync(string tag, CancellationToken cancellationToken = default) =>
        _errors.Call(
            async () =>
            {
                try
                {
                    var labels = await _engine.ImageLabelsAsync(tag, cancellationToken).ConfigureAwait(false);
                    return labels.TryGetValue(GatewayImage.BinaryLabel, out var sha) ? sha : string.Empty;
                }
                catch (Exception e) when (e is DockerImageNotFoundException || e is DockerApiException { StatusCode: HttpStatusCode.NotFound })
                {
                    return null;
                }
            },
            cancellationToken);

    /// <summary>The name of a run's proxy network: agentspec-net-&lt;group&gt;-&lt;run&gt;.</summary>
    internal static string NetworkName(string groupId, string runId) => ProxyNetworks.NetworkName(groupId, runId);

    /// <summary>The network of one proxy-mode run, with the operator's proxy on it (<see cref="ProxyNetworks.CreateAsync"/>).</summary>
    internal Task<ProxyNetwork> CreateProxyNetworkAsync(LaunchSpec spec, EgressProxyConfig proxy, CancellationToken cancellationToken = default) =>
        _networks.CreateAsync(spec, proxy, cancellationToken);

    /// <summary>Removes every network of this installation (proxy networks a killed agentspec left), disconnecting the proxy first; returns how many.</summary>
    internal Task<int> CleanupNetworksAsync(CancellationToken cancellationToken = default) => _networks.CleanupAsync(cancellationToken);

    /// <summary>This installation's containers, optionally of one group only.</summary>
    internal Task<IReadOnlyList<ContainerInfo>> ListAsync(string? groupId = null, CancellationToken cancellationToken = default) =>
        _inventory.ListAsync(groupId, cancellationToken);

    /// <summary>
    /// A container of this installation that still holds the group session (running or about to run), if any:
    /// one whose agentspec process died without removing it. Called under the <see cref="SessionLock"/>.
    /// </summary>
    internal async Task<ContainerInfo?> RunningSessionContainerAsync(string groupId, string session, CancellationToken cancellationToken = default) =>
        (await ListAsync(groupId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(c => c.Session == session && c.IsActive);

    /// <summary>
    /// Stops this installation's running containers of one group, of every session or only of
    /// <paramref name="session"/>; returns how many were stopped.
    /// </summary>
    public Task<int> StopGroupAsync(string groupId, string? session = null, CancellationToken cancellationToken = default) =>
        _inventory.StopGroupAsync(groupId, session, (uint)DefaultStopTimeout.TotalSeconds, cancellationToken);

    /// <summary>
    /// Stops and removes whatever this installation left of one group (every session, or only <paramref name="session"/>):
    /// created, running and exited containers, and the proxy networks of their runs (<see cref="SessionCleanup"/>).
    /// </summary>
    internal Task<SessionCleanup> StopAndRemoveAsync(
        string groupId, string? session, CancellationToken cancellationToken = default, TimeSpan? stopTimeout = null) =>
        _inventory.StopAndRemoveAsync(groupId, session, (uint)(stopTimeout ?? DefaultStopTimeout).TotalSeconds, _networks, cancellationToken);

    /// <summary>Removes (force) every container of this installation, and only those; returns how many.</summary>
    public Task<int> CleanupAsync(CancellationToken cancellationToken = default) => _inventory.CleanupAsync(cancellationToken);

    public void Dispose() => _engine.Dispose();
}
