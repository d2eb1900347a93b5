using System;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>Two connected loopback sockets, for stream tests that need real partial reads and a real end of stream.</summary>
    internal sealed class SocketPair : IDisposable
    {
        private SocketPair(Socket left, Socket right)
        {
            LeftSocket = left;
            RightSocket = right;
            Left = new NetworkStream(left, ownsSocket: false);
            Right = new NetworkStream(right, ownsSocket: false);
        }

        public Socket LeftSocket { get; }

        public Socket RightSocket { get; }

        public NetworkStream Left { get; }

        public NetworkStream Right { get; }

        public static async Task<SocketPair> ConnectAsync()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var left = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            var accepting = listener.AcceptSocketAsync();
            await left.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
            var right = await accepting;
            right.NoDelay = true;
            return new SocketPair(left, right);
        }

        /// <summary>TLS over the pair: the left end is the client, the right end the server, each over the stream <paramref name="under"/> makes.</summary>
        public async Task<(SslStream Client, SslStream Server)> TlsAsync(TestCertificates certificates, Func<Stream, Stream> under)
        {
            var client = new SslStream(under(Left), leaveInnerStreamOpen: true, (_, _, _, _) => true);
            var server = new SslStream(under(Right), leaveInnerStreamOpen: true);
            await Task.WhenAll(
                client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "pair.example.test" }),
                server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificates.Issue("pair.example.test") }));
            return (client, server);
        }

        /// <summary>Reads exactly <paramref name="count"/> bytes, or fails after five seconds: bytes held back show up as a timeout.</summary>
        public static async Task<byte[]> ReadExactlyAsync(Stream stream, int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var buffer = new byte[count];
            await stream.ReadExactlyAsync(buffer, timeout.Token);
            return buffer;
        }

        public void Dispose()
        {
            Left.Dispose();
            Right.Dispose();
            LeftSocket.Dispose();
            RightSocket.Dispose();
        }
    }
}
