using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// AgentSpec's egress gateway: an HTTP proxy that lets one group session reach exactly the destinations of its
/// policy (<see cref="GatewayDestinations"/>), tunnels TLS after checking its SNI, adds credentials where a
/// destination names one (<see cref="CredentialForwarder"/>), and logs every connection (<see cref="GatewayLog"/>).
/// Bounded: at most <see cref="GatewayOptions.MaxConnections"/> at once (one more gets a 503), a deadline on every
/// handshake, bounded heads. Nothing one connection does ends it.
/// </summary>
internal sealed class EgressGateway : IAsyncDisposable
{
    private readonly GatewayServices _services;
    private readonly Socket _listener;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<Task> _running = new();
    private Task? _accepting;

    private EgressGateway(GatewayServices services, Socket listener)
    {
        _services = services;
        _listener = listener;
        _slots = new SemaphoreSlim(services.Options.MaxConnections, services.Options.MaxConnections);
    }

    /// <summary>Where it listens (with the real port when <see cref="GatewayOptions.Listen"/> asked for 0).</summary>
    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>
    /// Starts listening. A destination with a credential needs <paramref name="credentials"/> to hold it with a
    /// header, and <paramref name="authority"/>: otherwise a <see cref="RuntimeError"/> names what is missing and
    /// nothing listens.
    /// </summary>
    public static EgressGateway Start(
        GatewayPolicy policy, GatewayOptions options, TextWriter log, bool jsonLog, CredentialFile? credentials, GatewayCertificateAuthority? authority)
    {
        var intercepted = policy.Destinations.Where(d => d.Credential is not null).ToList();
        if (intercepted.Count > 0)
        {
            if (credentials is null)
            {
                var names = string.Join(", ", intercepted.Select(d => d.Credential).Distinct());
                throw new RuntimeError($"the gateway policy names credentials ({names}) but no credentials file was given; pass --credentials FILE");
            }

            credentials.RequireForEgress(intercepted, $"the gateway policy of group '{policy.Group}'");
            if (authority is null)
            {
                throw new RuntimeError("the gateway policy names credentials, which need the gateway's CA; pass --ca-dir DIR");
            }
        }

        var own = options.OwnAddresses ?? OwnAddresses(options.Listen.Address);
        var destinations = new GatewayDestinations(policy, options.Resolver, own, options.ConnectTimeout);
        var services = new GatewayServices(policy, destinations, new GatewayLog(log, jsonLog, policy.Group, policy.Session), options, authority, credentials);
        var listener = new Socket(options.Listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(options.Listen);
            listener.Listen(512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            var why = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the address is in use" : e.SocketErrorCode.ToString();
            throw new RuntimeError($"the gateway cannot listen on {options.Listen}: {why}; choose another --listen address");
        }

        var gateway = new EgressGateway(services, listener);
        gateway._accepting = gateway.AcceptLoop();
        var described = string.Join(", ", policy.Destinations.Select(d => d.Describe()));
        services.Log.Notice($"listening on {gateway.Endpoint}, {policy.Destinations.Count} destination(s): {described}");
        return gateway;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then stops.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _listener.Dispose();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }

        Task[] running;
        lock (_running)
        {
            running = _running.ToArray();
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _services.Log.Notice("stopped");
        _services.Authority?.Dispose();
        _slots.Dispose();
        _stop.Dispose();
    }

    private static IReadOnlyCollection<IPAddress> OwnAddresses(IPAddress listen)
    {
        var own = new List<IPAddress>();
        try
        {
            own.AddRange(NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(a => a.Address));
        }
        catch (NetworkInformationException)
        {
            // Loopback and the listen address are refused whatever this host reports.
        }

        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any))
        {
            own.Add(listen);
        }

        return own;
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            client.NoDelay = true;
            if (!_slots.Wait(0))
            {
                Track(Busy(client));
                continue;
            }

            Track(Serve(client));
        }
    }

    private async Task Serve(Socket client)
    {
        try
        {
            await new GatewayConnection(_services, client).RunAsync(_stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task Busy(Socket client)
    {
        using (client)
        {
            var reason = $"more than {_services.Options.MaxConnections} connections at once";
            var who = client.RemoteEndPoint?.ToString() ?? "?";
            _services.Log.Write(new GatewayEvent(DateTimeOffset.UtcNow, who, null, null, "-", false, reason, 0, 0, TimeSpan.Zero, null));
            var body = "agentspec gateway: " + reason + "; try again\n";
            var bytes = Encoding.ASCII.GetBytes($"HTTP/1.1 503 Service Unavailable\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.SendAsync(bytes, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client is gone.
            }
        }
    }

    private void Track(Task task)
    {
        lock (_running)
        {
            _running.Add(task);
        }

        task.ContinueWith(
            t =>
            {
                lock (_running)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
