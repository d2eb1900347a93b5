using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// How the gateway opens a TCP connection to an address it has checked (a socket; tests route TEST-NET addresses to
/// their loopback servers). It is given the address, never the name, so nothing resolves it again.
/// </summary>
internal interface IUpstreamConnector
{
    Task<Socket> ConnectAsync(IPAddress address, int port, CancellationToken cancellationToken);
}
