using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>A gateway on a loopback port with the test's network, its log captured, and the clients the tests use.</summary>
    internal sealed class GatewayHarness : IAsyncDisposable
    {
        private readonly StringWriter _log = new();

        private GatewayHarness(EgressGateway gateway, TestNetwork network, string? caDir)
        {
            Gateway = gateway;
            Network = network;
            CaDir = caDir;
        }

        public EgressGateway Gateway { get; private set; } = null!;

        public TestNetwork Network { get; }

        public string? CaDir { get; }

        public int Port => Gateway.Endpoint.Port;

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public static GatewayHarness Start(
            TestNetwork network, EgressRule[] destinations, TestCertificates? upstreamCa = null, CredentialFile? credentials = null, string? caDir = null,
            bool json = false, Func<GatewayOptions, GatewayOptions>? tune = null)
        {
            var policy = new GatewayPolicy("main", "default", destinations);
            var options = new GatewayOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Resolver = network,
                Connector = network,
                OwnAddresses = new[] { IPAddress.Parse("203.0.113.250") },
                UpstreamTrust = upstreamCa is null ? null : new X509Certificate2Collection(upstreamCa.Ca),
            };
            options = tune?.Invoke(options) ?? options;
            var harness = new GatewayHarness(null!, network, caDir);
            var writer = TextWriter.Synchronized(harness._log);
            var authority = caDir is null ? null : GatewayCertificateAuthority.LoadOrCreate(caDir);
            harness.Gateway = EgressGateway.Start(policy, options, writer, json, credentials, authority);
            return harness;
        }

        /// <summary>An HttpClient that uses the gateway as its proxy (CONNECT for https, absolute form for http) and trusts only <paramref name="trust"/>.</summary>
        public HttpClient Client(X509Certificate2? trust)
        {
            var handler = new SocketsHttpHandler
            {
                Proxy = new WebProxy($"http://127.0.0.1:{Port}"),
                UseProxy = true,
                ConnectTimeout = TimeSpan.FromSeconds(10),
            };
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                trust is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0 && TestCertificates.ChainsTo(certificate, trust);
            return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
        }

        /// <summary>Sends <paramref name="request"/> raw and returns the gateway's answer up to the end of its head (or what came before it closed).</summary>
        public async Task<(Socket Socket, NetworkStream Stream, string Head)> RawAsync(string request)
        {
            var (socket, stream, _) = await RawAsyncNoAnswer(request);
            return (socket, stream, await ReadHead(stream));
        }

        /// <summary>Sends <paramref name="request"/> raw and reads nothing.</summary>
        public async Task<(Socket Socket, NetworkStream Stream, string Head)> RawAsyncNoAnswer(string request)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, Port);
            var stream = new NetworkStream(socket, ownsSocket: true);
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
            return (socket, stream, string.Empty);
        }

        /// <summary>CONNECT to <paramref name="authority"/>, then a TLS handshake naming <paramref name="serverName"/>; the handshake's exception, or null.</summary>
        public async Task<Exception?> TunnelAsync(string authority, string? serverName)
        {
            var (_, stream, head) = await RawAsync($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n");
            using (stream)
            {
                Assert.StartsWith("HTTP/1.1 200", head);
                using var tls = new SslStream(stream);
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await tls.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions { TargetHost = serverName ?? string.Empty, RemoteCertificateValidationCallback = (_, _, _, _) => true },
                        timeout.Token);
                    return null;
                }
                catch (Exception e)
                {
                    return e;
                }
            }
        }

        public static async Task<string> ReadHead(Stream stream)
        {
            var head = new StringBuilder();
            var one = new byte[1];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                int n;
                try
                {
                    n = await stream.ReadAsync(one, timeout.Token);
                }
                catch (IOException)
                {
                    break;
                }

                if (n == 0)
                {
                    break;
                }

                head.Append((char)one[0]);
            }

            return head.ToString();
        }

        /// <summary>Waits until the log has a line containing <paramref name="text"/> (connections are logged when they end).</summary>
        public async Task<string> LogLine(string text)
        {
            for (var i = 0; i < 200; i++)
            {
                if (Log.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
                {
                    return line;
                }

                await Task.Delay(25);
            }

            throw new Xunit.Sdk.XunitException($"no log line with '{text}' in:\n{Log}");
        }

        public async ValueTask DisposeAsync() => await Gateway.DisposeAsync();
    }
}
