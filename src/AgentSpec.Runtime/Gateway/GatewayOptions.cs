using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace AgentSpec.Runtime;

/// <summary>How one gateway runs: where it listens, its bounds, and the seams tests replace (resolver, connector, own addresses).</summary>
internal sealed record GatewayOptions
{
    /// <summary>The address and port to listen on (port 0: any free port, see <see cref="EgressGateway.Endpoint"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 3128);

    /// <summary>Connections served at once; one more is answered 503 and logged.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>From accept to the end of the request head, the ClientHello and (intercepting) the TLS handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Resolving a destination and connecting to it.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How the gateway resolves names (default: the system resolver).</summary>
    public IHostResolver Resolver { get; init; } = new SystemHostResolver();

    /// <summary>How it connects to a checked address (default: a TCP socket).</summary>
    public IUpstreamConnector Connector { get; init; } = new SocketUpstreamConnector();

    /// <summary>The gateway's own addresses, never a destination (default: every address of this host's interfaces).</summary>
    public IReadOnlyCollection<IPAddress>? OwnAddresses { get; init; }

    /// <summary>Trust for upstream TLS when intercepting (--upstream-ca); null: the system store.</summary>
    public X509Certificate2Collection? UpstreamTrust { get; init; }
}
