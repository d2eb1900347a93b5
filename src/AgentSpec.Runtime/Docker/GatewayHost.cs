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
/// Starts and stops the egress gateway of one run: the run's internal network (no host address), the gateway
/// container on it and on the operator's upstream network, its connection log written to the data root, and the CA
/// certificate handed to the agent. The agent joins the internal network only, so whatever becomes of the gateway
/// (crashed, killed, removed) the agent has no other peer: no open egress, by construction.
/// </summary>
internal sealed class GatewayHost
{
    /// <summary>How long a gateway may take to listen (and to make its CA) before the run is refused.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The most a run's connection log may hold on the host; past it one line says so and the rest is dropped.</summary>
    public const long MaxLogBytes = 64L * 1024 * 1024;

    private readonly IContainerEngine _engine;
    private readonly EngineErrors _errors;
    private readonly string _installId;
    private readonly ProxyNetworks _networks;

    public GatewayHost(IContainerEngine engine, EngineErrors errors, string installId, ProxyNetworks networks)
    {
        _engine = engine;
        _errors = errors;
        _installId = installId;
        _networks = networks;
    }

    /// <summary>Makes and starts the gateway of <paramref name="spec"/>; on any failure nothing it made is left.</summary>
    public async Task<GatewayRun> StartAsync(LaunchSpec spec, GatewaySpec gateway, CancellationToken cancellationToken)
    {
        await EnsureImageAsync(spec, gateway, cancellationToken).ConfigureAwait(false);
        var upstream = await UpstreamNetworkAsync(spec, gateway, cancellationToken).ConfigureAwait(false);
        var upstreamCa = gateway.Config.UpstreamCa is { } caPath ? ReadUpstreamCa(caPath) : null;
        var files = GatewayFiles.Write(gateway, spec, upstreamCa);
        NetworksCreateResponse network;
        string networkName;
        try
        {
            (network, networkName) = await _networks.CreateInternalAsync(spec, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            files.RemoveRun(); // the run's copy of the credentials never outlives a failed start
            throw;
        }

        string? containerId = null;
        Task? log = null;
        try
        {
            var parameters = GatewayParameters.Map(_installId, spec, gateway, files, networkName, upstreamCa is not null);
            containerId = (await _errors.Call(() => _engine.CreateContainerAsync(parameters, CancellationToken.None), CancellationToken.None, parameters.Name)
                .ConfigureAwait(false)).ID;
            await _errors.Call(() => _engine.ConnectNetworkAsync(upstream.ID, containerId, GatewayParameters.Alias, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            var stream = await _errors.Call(() => _engine.AttachAsync(containerId, stdin: false, CancellationToken.None), CancellationToken.None)
                .ConfigureAwait(false);
            var firstOutput = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            log = WriteLogAsync(stream, files.LogPath, firstOutput);
            await _errors.Call(() => _engine.StartContainerAsync(containerId, CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
            var certificate = await WaitReadyAsync(spec, gateway, files, containerId, firstOutput.Task, cancellationToken).ConfigureAwait(false);
            var inspected = await _errors.Call(() => _engine.InspectNetworkAsync(network.ID, cancellationToken), cancellationToken).ConfigureAwait(false);
            var address = inspected.Containers is not null && inspected.Containers.TryGetValue(containerId, out var endpoint)
                ? endpoint.IPv4Address?.Split('/')[0]
                : null;
            if (string.IsNullOrEmpty(address))
            {
                throw new RuntimeError($"group '{spec.GroupId}': the egress gateway got no IPv4 address on network {networkName}; nothing was started");
            }

            if (certificate is not null)
            {
                GatewayFiles.WriteAgentCa(files.AgentCa, certificate);
            }

            var proxy = new ProxyNetwork(network.ID, networkName, containerId, address!,
                GatewaySpec.Port) { CaFolder = certificate is null ? null : files.AgentCa };
            return new GatewayRun(proxy, containerId, files, log);
        }
        catch
        {
            await StopAsync(network.ID, containerId, files, log).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Removes the gateway (force), waits for its log to be written, removes the run's network and files; never throws.</summary>
    public Task StopAsync(GatewayRun run) => StopAsync(run.Network.Id, run.ContainerId, run.Files, run.Log);

    private async Task StopAsync(string networkId, string? containerId, GatewayFiles files, Task? log)
    {
        if (containerId is not null)
        {
            try
            {
                await _engine.RemoveContainerAsync(containerId, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Labelled with the run: `agentspec stop GROUP --session S` or `cleanup` removes it.
            }
        }

        if (log is not null)
        {
            await Task.WhenAny(log, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        await _networks.RemoveQuietlyAsync(networkId).ConfigureAwait(false);
        files.RemoveRun();
    }

    private async Task EnsureImageAsync(LaunchSpec spec, GatewaySpec gateway, CancellationToken cancellationToken)
    {
        try
        {
            await _engine.InspectImageAsync(gateway.Image, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerImageNotFoundException || e is DockerApiException { StatusCode: HttpStatusCode.NotFound })
        {
            throw new RuntimeError($"group '{spec.GroupId}' has egress, but the engine at {_engine.Endpoint} has no gateway image {gateway.Image}; " +
                GatewayImage.HowToMake(gateway.Image) + ". Nothing was started", e);
        }
    }

    private async Task<NetworkResponse> UpstreamNetworkAsync(LaunchSpec spec, GatewaySpec gateway, CancellationToken cancellationToken)
    {
        var name = gateway.Config.UpstreamNetwork;
        try
        {
            var network = await _engine.InspectNetworkAsync(name, cancellationToken).ConfigureAwait(false);
            if (network.Labels is { } labels && labels.ContainsKey(Labels.Install))
            {
                throw new RuntimeError($"group '{spec.GroupId}': the gateway's upstream network '{name}' is a run's own network of AgentSpec; " +
                    "name the network that reaches your outside world in the gateway configuration");
            }

            return network;
        }
        catch (Exception e) when (e is DockerNetworkNotFoundException || e is DockerApiException { StatusCode: HttpStatusCode.NotFound })
        {
            throw new RuntimeError($"group '{spec.GroupId}' has egress, but the gateway's upstream network '{name}' does not exist on the engine "
                + $"at {_engine.Endpoint}; " +
                $"create it (docker network create {name}) or name another in the gateway configuration. Nothing was started", e);
        }
    }

    private static byte[] ReadUpstreamCa(string path) =>
        TrustedConfigFile.Read(path, "the gateway's upstream CA", 1024 * 1024, (described, size) =>
            new RuntimeError($"the gateway's upstream CA {described} is {size} bytes, more than a CA bundle needs (1 MiB); name a PEM bundle"))?.Bytes
        ?? throw new RuntimeError($"the gateway configuration names upstreamCa {path}, which does not exist; write the PEM file there or remove upstreamCa");

    /// <summary>Waits until the gateway runs and said something (it prints where it listens), and has its CA when it intercepts; returns that CA.</summary>
    private async Task<byte[]?> WaitReadyAsync(LaunchSpec spec, GatewaySpec gateway, GatewayFiles files, string id, Task firstOutput,
        CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var deadline = started + ReadyTimeout;
        while (true)
        {
            var state = (await _errors.Call(() => _engine.InspectContainerAsync(id, cancellationToken), cancellationToken).ConfigureAwait(false)).State;
            if (state?.Running != true)
            {
                throw new RuntimeError($"group '{spec.GroupId}': the egress gateway exited at start (exit code {state?.ExitCode}); its log is "
                    + $"{files.LogPath}:" +
                    $"{Environment.NewLine}{Tail(files.LogPath)}{Environment.NewLine}Nothing was started");
            }

            var certificate = gateway.Intercepts ? files.CaCertificate() : null;
            // It prints where it listens once it does; one that prints nothing is taken as listening after a second.
            if ((firstOutput.IsCompleted || DateTime.UtcNow - started > TimeSpan.FromSeconds(1)) && (!gateway.Intercepts || certificate is not null))
            {
                return certificate;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new RuntimeError($"group '{spec.GroupId}': the egress gateway did not get ready within {ReadyTimeout.TotalSeconds} s " +
                    $"({(firstOutput.IsCompleted ? "no CA certificate in " + files.CaFolder : "it printed nothing")}); its log is "
                        + $"{files.LogPath}. Nothing was started");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Tail(string path)
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(path).TakeLast(10).Select(l => "  " + TerminalEscaper.Escape(l)));
        }
        catch (IOException)
        {
            return "  (no log)";
        }
    }

    /// <summary>The gateway's output, both streams, into its log file (0600, at most <see cref="MaxLogBytes"/>), until the container is gone.</summary>
    private static async Task WriteLogAsync(MultiplexedStream stream, string path, TaskCompletionSource firstOutput)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new RuntimeError("the egress gateway runs on Linux hosts");
        }

        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            await using var file = new FileStream(path, options);
            var buffer = new byte[16384];
            long written = 0;
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }

                firstOutput.TrySetResult();
                if (written + read.Count > MaxLogBytes)
                {
                    if (written <= MaxLogBytes)
                    {
                        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"agentspec: log truncated at {MaxLogBytes} bytes\n")).ConfigureAwait(false);
                        written = MaxLogBytes + 1;
                    }

                    continue;
                }

                await file.WriteAsync(buffer.AsMemory(0, read.Count)).ConfigureAwait(false);
                await file.FlushAsync().ConfigureAwait(false);
                written += read.Count;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or DockerApiException)
        {
            // The container went away mid-read: what was written is the log.
        }
        finally
        {
            stream.Dispose();
            firstOutput.TrySetResult();
        }
    }
}
