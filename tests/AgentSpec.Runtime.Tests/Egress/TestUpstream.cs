using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
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
    /// from a CA the test makes, one plain HTTP. Each answers 200 with "UPSTREAM-OK" and records every request head.
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

        /// <summary>Every request head received (TLS and plain), in order.</summary>
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

                    Requests.Enqueue((tls ? "TLS " : "HTTP ") + head);
                    var body = "UPSTREAM-OK\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), timeout.Token);
                    await stream.FlushAsync(timeout.Token);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                {
                    Requests.Enqueue("FAILED " + e.GetType().Name);
                }
            }
        }
    }
}
