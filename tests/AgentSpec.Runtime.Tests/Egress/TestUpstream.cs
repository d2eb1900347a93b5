using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The upstream servers of the gateway engine tests: listeners of the test process on the test's upstream network's
    /// host address (reached from containers on that network only), one serving TLS with a certificate for *.example.test
    /// from a CA the test makes, one plain HTTP. Each answers 200 with "UPSTREAM-OK" and records every request: its head and its body (chunks decoded).
    /// </summary>
    public sealed class TestUpstream : IDisposable
    {
        private readonly List<TcpListener> _listeners = new();
        private readonly CancellationTokenSource _stop = new();

        public TestUpstream(IPAddress address)
        {
            using var caKey = RSA.Create(2048);
            var caRequest = new CertificateRequest("CN=AgentSpec test upstream CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
            CaPem = ca.ExportCertificatePem();

            var leafKey = RSA.Create(2048);
            var leafRequest = new CertificateRequest("CN=api.example.test", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("*.example.test");
            names.AddDnsName("api.example.test");
            leafRequest.CertificateExtensions.Add(names.Build());
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
            using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), new byte[] { 1, 2, 3, 4 });
            Certificate = X509CertificateLoader.LoadPkcs12(leaf.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pkcs12), null);

            TlsPort = Listen(address, tls: true);
            HttpPort = Listen(address, tls: false);
        }

        public string CaPem { get; }

        public X509Certificate2 Certificate { get; }

        public int TlsPort { get; }

        public int HttpPort { get; }

        /// <summary>Every request received (TLS and plain), in order: "TLS " or "HTTP ", the head, the body.</summary>
        public ConcurrentQueue<string> Requests { get; } = new();

        public void Dispose()
        {
            _stop.Cancel();
            foreach (var listener in _listeners)
            {
                listener.Stop();
            }

            Certificate.Dispose();
        }

        private int Listen(IPAddress address, bool tls)
        {
            var listener = new TcpListener(address, 0);
            listener.Start();
            _listeners.Add(listener);
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (Exception)
                    {
                        return;
                    }

                    _ = Task.Run(() => ServeAsync(client, tls));
                }
            });
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private async Task ServeAsync(TcpClient client, bool tls)
        {
            using (client)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    Stream stream = client.GetStream();
                    if (tls)
                    {
                        var ssl = new SslStream(stream);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, timeout.Token);
                        stream = ssl;
                    }

                    var head = new StringBuilder();
                    var buffer = new byte[1];
                    while (head.Length < 16384 && !head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                    {
                        if (await stream.ReadAsync(buffer, timeout.Token) == 0)
                        {
                            break;
                        }

                        head.Append((char)buffer[0]);
                    }

                    // The body too (decoded when chunked), so closing never resets a connection with a request unread.
                    var text = head.ToString();
                    var body = await BodyAsync(stream, text, timeout.Token);
                    Requests.Enqueue((tls ? "TLS " : "HTTP ") + text + body);
                    var answer = "UPSTREAM-OK\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n{answer}"), timeout.Token);
                    await stream.FlushAsync(timeout.Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or FormatException or System.Security.Authentication.AuthenticationException)
                {
                    Requests.Enqueue("FAILED " + e.GetType().Name);
                }
            }
        }

        private static async Task<string> BodyAsync(Stream stream, string head, CancellationToken cancellationToken)
        {
            var fields = head.Split("\r\n");
            string? Field(string name) => fields.Select(f => f.Split(':', 2)).Where(f => f.Length == 2 && f[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                .Select(f => f[1].Trim()).FirstOrDefault();
            var body = new StringBuilder();
            if (Field("Transfer-Encoding") is { } encoding && encoding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                while (Convert.ToInt32((await LineAsync(stream, cancellationToken)).Split(';')[0].Trim(), 16) is var size and > 0)
                {
                    body.Append(await ReadAsync(stream, size, cancellationToken));
                    await LineAsync(stream, cancellationToken);
                }

                while ((await LineAsync(stream, cancellationToken)).Length > 0)
                {
                    // Trailer fields, up to the empty line.
                }
            }
            else if (Field("Content-Length") is { } length)
            {
                body.Append(await ReadAsync(stream, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), cancellationToken));
            }

            return body.ToString();
        }

        private static async Task<string> ReadAsync(Stream stream, int count, CancellationToken cancellationToken)
        {
            var buffer = new byte[count];
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            return Encoding.Latin1.GetString(buffer);
        }

        private static async Task<string> LineAsync(Stream stream, CancellationToken cancellationToken)
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (line.Length < 4096 && !line.ToString().EndsWith("\r\n", StringComparison.Ordinal))
            {
                await stream.ReadExactlyAsync(one, cancellationToken);
                line.Append((char)one[0]);
            }

            return line.ToString().TrimEnd('\r', '\n');
        }
    }
}
