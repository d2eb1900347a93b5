using System.Net;
using System.Net.Sockets;
using AgentSpec.Runtime;

namespace AgentSpec.GatewayBenchmarks;

/// <summary>The names resolve to a TEST-NET-3 address (public to the gateway); connections to it go to the loopback upstream.</summary>
internal sealed class BenchNetwork(int upstreamPort) : IHostResolver, IUpstreamConnector
{
    public static readonly IPAddress Address = IPAddress.Parse("203.0.113.10");

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { Address });

    public async Task<Socket> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, upstreamPort), cancellationToken);
        return socket;
    }
}
