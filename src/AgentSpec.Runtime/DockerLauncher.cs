using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerMount = Docker.DotNet.Models.Mount;

namespace AgentSpec.Runtime;

/// <summary>
/// Runs containers through the Docker Engine API (Docker.DotNet.Enhanced, never the docker CLI). Every container gets
/// the install/group/run labels; list, stop and cleanup only touch containers carrying this install's label.
/// Images are never pulled: a missing image is an error that says how to provide it.
/// </summary>
public sealed class DockerLauncher : IDisposable
{
    public const string DefaultEndpoint = "unix:///var/run/docker.sock";
    internal const string WorkingDirectory = "/workspace";
    /// <summary>The engine network mode of a group with network: none: loopback only.</summary>
    internal const string NoNetworkMode = "none";

    /// <summary>The alias of the operator's proxy on a run's network.</summary>
    internal const string ProxyAlias = "egress-proxy";

    /// <summary>The variables a proxy-mode container gets; any of these from groups.yaml is replaced, never kept beside them.</summary>
    internal static readonly string[] ProxyVariables = { "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy" };

    private readonly Lazy<DockerClient> _client;
    private readonly Action<string>? _onShutdown;

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
    {
        InstallId = installId;
        Endpoint = endpoint ?? DefaultEndpointFromEnvironment;
        _onShutdown = onShutdown;
        Timings = timings;
        _client = new Lazy<DockerClient>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string InstallId { get; }

    /// <summary>$DOCKER_HOST when set, else <see cref="DefaultEndpoint"/>.</summary>
    public static string DefaultEndpointFromEnvironment =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultEndpoint;

    /// <summary>A launcher for the installation whose data root is <paramref name="dataRoot"/>.</summary>
    public static DockerLauncher ForDataRoot(string dataRoot, string? endpoint = null) => new(Runtime.InstallId.For(dataRoot), endpoint);

    public string Endpoint { get; }

    /// <summary>The stable container name of a run: agentspec-&lt;group&gt;-&lt;session&gt;-&lt;run&gt; (the labels are what counts; the name is for people).</summary>
    public static string ContainerName(string groupId, string session, string runId) => $"agentspec-{groupId}-{session}-{runId}";

    /// <summary>The grace period of a stop: SIGTERM, then SIGKILL after this long.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest stop grace period accepted (an engine call must not outlast the client's timeout).</summary>
    internal static readonly TimeSpan MaxStopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The invocation's timing sink (also used by <see cref="GroupLauncher"/> for its phases).</summary>
    internal LaunchTimings Timings { get; }

    /// <summary>A new run id: UTC time plus a random suffix, valid in container names.</summary>
    internal static string NewRunId() => DateTime.UtcNow.ToString("yyyyMMdd't'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);

    /// <summary>Checks that the engine answers.</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        Call(() => _client.Value.System.PingAsync(cancellationToken), cancellationToken);

    /// <summary>Whether the engine has <paramref name="image"/> (an inspect: nothing is ever pulled).</summary>
    public Task<bool> ImagePresentAsync(string image, CancellationToken cancellationToken = default) =>
        Call(
            async () =>
            {
                try
                {
                    await _client.Value.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
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

    /// <summary>What to do about a missing image: AgentSpec never pulls.</summary>
    internal const string ImageMissingFix = "build or load it first (docker build, docker import or docker load); agentspec never pulls";

    /// <summary>
    /// The create parameters for a spec: binds exactly as resolved, labels, name, env, no network, and the
    /// hardening of <see cref="ContainerSecurity"/> (non-root user, all capabilities dropped, no-new-privileges,
    /// seccomp) with the pids and memory limits, and the disk bounds of <see cref="DiskBounds"/> (read-only root file
    /// system, bounded /tmp and /home/node, rotated log). A root user or out-of-range limits are refused here, last.
    /// </summary>
    internal CreateContainerParameters BuildCreateParameters(LaunchSpec spec, ProxyNetwork? network = null) => Checked(spec, network, new()
    {
        Name = spec.ContainerName,
        Image = spec.Image,
        // null (the image's own CMD) is left out of the request body.
        Cmd = spec.Command?.ToList()!,
        Env = ContainerEnvironment(spec, network),
        WorkingDir = WorkingDirectory,
        User = spec.User.ToString(),
        AttachStdout = true,
        AttachStderr = true,
        Tty = false,
        Labels = new Dictionary<string, string>
        {
            [Labels.Install] = InstallId,
            [Labels.Group] = spec.GroupId,
            [Labels.Run] = spec.RunId,
            [Labels.Session] = spec.Session,
        },
        // Proxy mode: the run's own network only (never the default bridge), and the embedded DNS server may forward
        // only to the proxy (engine 20.10 forwards from internal networks too, CVE-2024-29018).
        NetworkingConfig = network is null ? null : new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [network.Name] = new EndpointSettings() } },
        HostConfig = new HostConfig
        {
            NetworkMode = network?.Name ?? NoNetworkMode,
            DNS = network is null ? null! : new List<string> { network.ProxyAddress },
            CapDrop = ContainerSecurity.CapDrop.ToList(),
            SecurityOpt = ContainerSecurity.SecurityOptions(),
            PidsLimit = spec.Limits.Pids,
            Memory = spec.Limits.MemoryBytes,
            MemorySwap = spec.Limits.MemoryBytes,
            Mounts = spec.Binds.Select(ToEngineMount).ToList(),
            // Disk: nothing lands in the image layer, scratch space is bounded tmpfs, the log is rotated (DiskBounds).
            ReadonlyRootfs = true,
            Tmpfs = DiskBounds.Tmpfs(spec.User, spec.Limits),
            LogConfig = DiskBounds.Log(spec.Limits),
        },
    });

    /// <summary>Returns <paramref name="parameters"/>, or throws when the spec's user or limits must not run.</summary>
    private static CreateContainerParameters Checked(LaunchSpec spec, ProxyNetwork? network, CreateContainerParameters parameters)
    {
        ContainerSecurity.EnsureNotRoot(spec.GroupId, spec.User);
        SessionGuard.Ensure(spec.Session, spec.GroupId);
        if (spec.StopTimeout < TimeSpan.Zero || spec.StopTimeout > MaxStopTimeout)
        {
            throw new RuntimeError($"group '{spec.GroupId}': a stop timeout of {spec.StopTimeout.TotalSeconds} s is outside 0 to {MaxStopTimeout.TotalSeconds} s");
        }

        if ((spec.EgressProxy is null) != (network is null))
        {
            // Never silently without the proxy's network, nor on a network the plan did not ask for.
            throw new RuntimeError($"group '{spec.GroupId}': " + (network is null ? "its plan has network: proxy but no proxy network was set up" : "a proxy network was given for a plan without network: proxy"));
        }

        if (spec.Limits.Problem is { } limits)
        {
            throw new RuntimeError($"group '{spec.GroupId}': {limits}; every container runs with limits inside the ranges of docs/groups-yaml.md");
        }

        return parameters;
    }

    /// <summary>The spec's variables; in proxy mode without any proxy variable of groups.yaml and with the proxy's.</summary>
    private static List<string> ContainerEnvironment(LaunchSpec spec, ProxyNetwork? network)
    {
        var env = spec.Environment
            .Where(e => network is null || !ProxyVariables.Contains(e.Name, StringComparer.OrdinalIgnoreCase))
            .Select(e => $"{e.Name}={e.Value}")
            .ToList();
        if (network is not null)
        {
            foreach (var name in ProxyVariables)
            {
                env.Add(name + "=" + (name.Equals("NO_PROXY", StringComparison.OrdinalIgnoreCase) ? "localhost,127.0.0.1" : network.Url));
            }
        }

        return env;
    }

    /// <summary>Size of a host-managed tmpfs: it only ever holds the empty folders the engine creates as mount points.</summary>
    internal const long TmpfsSizeBytes = 1024 * 1024;

    private static DockerMount ToEngineMount(ResolvedBind bind) => bind.Kind == MountKind.Tmpfs
        ? new DockerMount
        {
            // Root-owned 0755 and read-only once the engine has created the mount points below it.
            Type = "tmpfs",
            Target = bind.ContainerPath,
            ReadOnly = bind.ReadOnly,
            TmpfsOptions = new TmpfsOptions { SizeBytes = TmpfsSizeBytes, Mode = 0b111_101_101 },
        }
        : new DockerMount
        {
            Type = "bind",
            Source = bind.HostPath,
            Target = bind.ContainerPath,
            ReadOnly = bind.ReadOnly,
        };

    /// <summary>
    /// Creates, starts and waits for one container, streaming its stdout/stderr to the writers, then removes it.
    /// Returns the container's exit code. On cancellation (Ctrl-C, SIGTERM) the container is stopped (SIGTERM,
    /// then SIGKILL after <see cref="LaunchSpec.StopTimeout"/>), its last output is still streamed, it is
    /// removed, and <see cref="OperationCanceledException"/> is thrown. Create and start themselves are never
    /// abandoned half way: a container the engine made is always known here, so it is always removed.
    /// </summary>
    internal async Task<int> RunAsync(LaunchSpec spec, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var network = spec.EgressProxy is { } proxy ? await CreateProxyNetworkAsync(spec, proxy, cancellationToken).ConfigureAwait(false) : null;
        try
        {
            return await CreateRunRemoveAsync(spec, network, stdout, stderr, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (network is not null)
            {
                await RemoveNetworkQuietlyAsync(network.Id).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> CreateRunRemoveAsync(LaunchSpec spec, ProxyNetwork? network, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var client = _client.Value;
        var parameters = BuildCreateParameters(spec, network);
        Timings.Mark("create parameters");
        cancellationToken.ThrowIfCancellationRequested();
        CreateContainerResponse created;
        try
        {
            // Not cancellable: a create cut off mid-request may still make the container, which nobody would remove.
            created = await Call(() => client.Containers.CreateContainerAsync(parameters, CancellationToken.None), CancellationToken.None, spec.ContainerName).ConfigureAwait(false);
        }
        catch (RuntimeError e) when (e.InnerException is DockerImageNotFoundException or DockerApiException { StatusCode: HttpStatusCode.NotFound })
        {
            // The engine has no such image: create never pulls, so this is the whole image check (no extra inspect).
            throw ImageMissing(spec.Image, e.InnerException);
        }

        Timings.Mark("create");
        var started = false;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = await Call(() => client.Containers.AttachContainerAsync(created.ID, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
            Timings.Mark("attach");
            // Not tied to the cancellation: what the container prints while it stops is shown too; the stream ends when it is gone.
            var pump = PumpAsync(stream, stdout, stderr, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            await Call(() => client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
            started = true;
            Timings.Mark("start");
            ContainerWaitResponse wait;
            try
            {
                wait = await Call(() => client.Containers.WaitContainerAsync(created.ID, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await StopAsync(created.ID, spec).ConfigureAwait(false);
                await Task.WhenAny(pump, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
                throw;
            }

            await pump.ConfigureAwait(false);
            Timings.Mark("wait");
            return (int)wait.StatusCode;
        }
        finally
        {
            await RemoveQuietlyAsync(created.ID).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                _onShutdown?.Invoke($"removed {spec.ContainerName}{(started ? string.Empty : " (it was never started)")}");
            }

            Timings.Mark("remove");
        }
    }

    /// <summary>SIGTERM, at most <see cref="LaunchSpec.StopTimeout"/> to exit, then SIGKILL; reports which it took.</summary>
    private async Task StopAsync(string id, LaunchSpec spec)
    {
        var seconds = (uint)Math.Ceiling(spec.StopTimeout.TotalSeconds);
        _onShutdown?.Invoke($"stopping {spec.ContainerName} (SIGTERM, then SIGKILL after {seconds} s)");
        try
        {
            await _client.Value.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, CancellationToken.None).ConfigureAwait(false);
            var state = (await _client.Value.Containers.InspectContainerAsync(id, CancellationToken.None).ConfigureAwait(false)).State;
            // 137 = 128 + SIGKILL: the engine had to kill it once the grace period was over.
            _onShutdown?.Invoke(state?.ExitCode == 137
                ? $"{spec.ContainerName} did not stop within {seconds} s: killed (exit code 137)"
                : $"{spec.ContainerName} stopped (exit code {state?.ExitCode})");
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            // Removal (force) below kills it whatever happened here.
            _onShutdown?.Invoke($"stopping {spec.ContainerName} failed ({e.Message.Trim()}); removing it by force");
        }
    }

    /// <summary>The name of a run's proxy network: agentspec-net-&lt;group&gt;-&lt;run&gt;.</summary>
    internal static string NetworkName(string groupId, string runId) => $"agentspec-net-{groupId}-{runId}";

    /// <summary>
    /// The network of one proxy-mode run: internal, no IPv4 address for the host on its bridge
    /// (com.docker.network.bridge.inhibit_ipv4: engine 20.10 still gives internal networks a default route via that
    /// address, and with --iptables=false nothing else keeps the agent from the host's services there), no IPv6,
    /// labelled so cleanup finds it; then the operator's proxy container is connected with the alias egress-proxy.
    /// Its only members are that proxy and this run's agent. Refuses when the proxy container is missing, not
    /// running, or one of AgentSpec's own.
    /// </summary>
    internal async Task<ProxyNetwork> CreateProxyNetworkAsync(LaunchSpec spec, EgressProxyConfig proxy, CancellationToken cancellationToken = default)
    {
        var client = _client.Value;
        ContainerInspectResponse proxyContainer;
        try
        {
            proxyContainer = await client.Containers.InspectContainerAsync(proxy.Container, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException e)
        {
            throw new RuntimeError($"group '{spec.GroupId}' has network: proxy, but the egress proxy container '{proxy.Container}' does not exist on the engine at {Endpoint}; start your proxy container or correct its name in the egress proxy configuration. Nothing was started", e);
        }

        if (proxyContainer.Config?.Labels is { } labels && labels.ContainsKey(Labels.Install))
        {
            throw new RuntimeError($"group '{spec.GroupId}': the egress proxy container '{proxy.Container}' is an AgentSpec agent container, not a proxy; name your proxy container in the egress proxy configuration");
        }

        if (proxyContainer.State?.Running != true)
        {
            throw new RuntimeError($"group '{spec.GroupId}' has network: proxy, but the egress proxy container '{proxy.Container}' is not running ({proxyContainer.State?.Status}); start it (docker start {proxy.Container}) and run again. Nothing was started");
        }

        var name = NetworkName(spec.GroupId, spec.RunId);
        var created = await Call(
            () => client.Networks.CreateNetworkAsync(
                new NetworksCreateParameters
                {
                    Name = name,
                    Driver = "bridge",
                    Internal = true,
                    EnableIPv6 = false,
                    Attachable = false,
                    Options = new Dictionary<string, string> { ["com.docker.network.bridge.inhibit_ipv4"] = "true" },
                    Labels = new Dictionary<string, string>
                    {
                        [Labels.Install] = InstallId,
                        [Labels.Group] = spec.GroupId,
                        [Labels.Run] = spec.RunId,
                        [Labels.Session] = spec.Session,
                    },
                },
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
        try
        {
            await Call(
                () => client.Networks.ConnectNetworkAsync(created.ID, new NetworkConnectParameters { Container = proxyContainer.ID, EndpointConfig = new EndpointSettings { Aliases = new List<string> { ProxyAlias } } }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
            var inspected = await Call(() => client.Networks.InspectNetworkAsync(created.ID, cancellationToken), cancellationToken).ConfigureAwait(false);
            var address = inspected.Containers is not null && inspected.Containers.TryGetValue(proxyContainer.ID, out var endpoint) ? endpoint.IPv4Address?.Split('/')[0] : null;
            if (string.IsNullOrEmpty(address))
            {
                throw new RuntimeError($"group '{spec.GroupId}': the egress proxy container '{proxy.Container}' got no IPv4 address on network {name}; check that it is not in host or container network mode");
            }

            return new ProxyNetwork(created.ID, name, proxyContainer.ID, address!, proxy.Port);
        }
        catch
        {
            await RemoveNetworkQuietlyAsync(created.ID).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes every network of this installation (proxy networks a killed agentspec left), disconnecting the proxy first; returns how many.</summary>
    internal async Task<int> CleanupNetworksAsync(CancellationToken cancellationToken = default)
    {
        var networks = await Call(
            () => _client.Value.Networks.ListNetworksAsync(
                new NetworksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{Labels.Install}={InstallId}"] = true } } },
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
        var removed = 0;
        foreach (var network in networks.Where(n => n.Labels is not null && n.Labels.TryGetValue(Labels.Install, out var id) && id == InstallId))
        {
            await RemoveNetworkQuietlyAsync(network.ID).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    /// <summary>Disconnects whatever is still connected (the operator's proxy) and deletes the network; a network already gone is fine.</summary>
    private async Task RemoveNetworkQuietlyAsync(string id)
    {
        var client = _client.Value;
        try
        {
            var network = await client.Networks.InspectNetworkAsync(id, CancellationToken.None).ConfigureAwait(false);
            foreach (var member in network.Containers?.Keys ?? Enumerable.Empty<string>())
            {
                await client.Networks.DisconnectNetworkAsync(id, new NetworkDisconnectParameters { Container = member, Force = true }, CancellationToken.None).ConfigureAwait(false);
            }

            await client.Networks.DeleteNetworkAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerNetworkNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>This installation's containers, optionally of one group only.</summary>
    internal async Task<IReadOnlyList<ContainerInfo>> ListAsync(string? groupId = null, CancellationToken cancellationToken = default)
    {
        var labels = new Dictionary<string, bool> { [$"{Labels.Install}={InstallId}"] = true };
        if (groupId is not null)
        {
            labels[$"{Labels.Group}={groupId}"] = true;
        }

        var list = await Call(
            () => _client.Value.Containers.ListContainersAsync(
                new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } },
                cancellationToken),
            cancellationToken).ConfigureAwait(false);

        // Defence in depth: keep only what really carries this install's label.
        return list
            .Where(c => c.Labels is not null && c.Labels.TryGetValue(Labels.Install, out var id) && id == InstallId)
            .Where(c => groupId is null || (c.Labels.TryGetValue(Labels.Group, out var g) && g == groupId))
            .Select(c => new ContainerInfo(
                c.ID,
                c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID,
                c.Labels.TryGetValue(Labels.Group, out var group) ? group : string.Empty,
                c.Labels.TryGetValue(Labels.Run, out var run) ? run : string.Empty,
                c.Image,
                c.State,
                c.Status,
                c.Created)
            {
                Session = c.Labels.TryGetValue(Labels.Session, out var session) ? session : HostManagedMounts.DefaultSession,
            })
            .ToList();
    }

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
    public async Task<int> StopGroupAsync(string groupId, string? session = null, CancellationToken cancellationToken = default)
    {
        var stopped = 0;
        foreach (var c in (await ListAsync(groupId, cancellationToken).ConfigureAwait(false)).Where(c => c.State == "running" && (session is null || c.Session == session)))
        {
            if (await Call(() => _client.Value.Containers.StopContainerAsync(c.Id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)DefaultStopTimeout.TotalSeconds }, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                stopped++;
            }
        }

        return stopped;
    }

    /// <summary>Removes (force) every container of this installation, and only those; returns how many.</summary>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var c in await ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            await Call(() => _client.Value.Containers.RemoveContainerAsync(c.Id, new ContainerRemoveParameters { Force = true }, cancellationToken), cancellationToken).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private DockerClient CreateClient()
    {
        try
        {
            return new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).Build();
        }
        catch (UriFormatException e)
        {
            throw new RuntimeError($"the Docker endpoint '{Endpoint}' is not a valid URI ({e.Message}); set DOCKER_HOST to e.g. {DefaultEndpoint}", e);
        }
    }

    private RuntimeError ImageMissing(string image, Exception inner) =>
        new($"image {image} is not present on the engine at {Endpoint}; nothing is pulled: {ImageMissingFix}", inner);

    private async Task RemoveQuietlyAsync(string id)
    {
        try
        {
            await _client.Value.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Removal already in progress.
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

    /// <summary>Runs an engine call, turning transport failures and known API errors into <see cref="RuntimeError"/>s.</summary>
    private async Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken, string? containerName = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException e)
        {
            throw new RuntimeError($"an image is not present on the engine at {Endpoint} ({e.ResponseBody?.Trim()}); nothing is pulled: build or load it first (docker import / docker load)", e);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict && containerName is not null)
        {
            throw new RuntimeError($"a container named {containerName} already exists on the engine; remove it (agentspec cleanup) or start with another run id", e);
        }
        catch (DockerApiException e)
        {
            throw new RuntimeError($"the Docker engine at {Endpoint} refused the request ({(int)e.StatusCode}): {e.ResponseBody?.Trim()}", e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsUnreachable(e))
        {
            throw new RuntimeError($"cannot reach the Docker engine at {Endpoint}: {UnreachableDetail(e)}; is dockerd running? (start it, or point DOCKER_HOST at the engine)", e);
        }
    }

    private Task Call(Func<Task> call, CancellationToken cancellationToken) =>
        Call(async () => { await call().ConfigureAwait(false); return true; }, cancellationToken);

    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException
        || (e.InnerException is not null && IsUnreachable(e.InnerException));

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private string UnreachableDetail(Exception e)
    {
        const string Unix = "unix://";
        if (Endpoint.StartsWith(Unix, StringComparison.Ordinal) && !File.Exists(Endpoint.Substring(Unix.Length)))
        {
            return $"the socket {Endpoint.Substring(Unix.Length)} does not exist";
        }

        return Innermost(e).Message;
    }
}
