using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// An upstream server on loopback (TcpListener, SslStream when given a certificate): answers every HTTP/1.1
    /// request with "hello from NAME PATH" (keep-alive; "/close" closes after answering), and records each request's head and body.
    /// </summary>
    public sealed class TestUpstream : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2? _certificate;
        private readonly string _name;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _connections;
        private int _handshakes;

        public TestUpstream(string name, X509Certificate2? certificate)
        {
            _name = name;
            _certificate = certificate;
            _listener.Start();
            _loop = Loop();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public ConcurrentQueue<Recorded> Requests { get; } = new();

        /// <summary>TCP connections accepted.</summary>
        public int Connections => Volatile.Read(ref _connections);

        /// <summary>TLS handshakes completed.</summary>
        public int Handshakes => Volatile.Read(ref _handshakes);

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception)
            {
                // Stopped.
            }

            _stop.Dispose();
        }

        private async Task Loop()
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                _ = Serve(client);
            }
        }

        private async Task Serve(TcpClient client)
        {
            using (client)
            {
                try
                {
                    Stream stream = client.GetStream();
                    if (_certificate is not null)
                    {
                        var tls = new SslStream(stream);
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = _certificate,
                            ApplicationProtocols = new() { SslApplicationProtocol.Http11 },
                        });
                        Interlocked.Increment(ref _handshakes);
                        stream = tls;
                    }

                    var reader = new StreamReader(stream, Encoding.Latin1);
                    while (await reader.ReadLineAsync() is { Length: > 0 } line)
                    {
                        var fields = new List<KeyValuePair<string, string>>();
                        string? field;
                        while ((field = await reader.ReadLineAsync()) is { Length: > 0 })
                        {
                            var colon = field.IndexOf(':');
                            fields.Add(new(field.Substring(0, colon), field.Substring(colon + 1).Trim()));
                        }

                        var body = await Body(reader, fields);
                        Requests.Enqueue(new Recorded(line, fields, body));
                        var path = line.Split(' ')[1];
                        var text = Encoding.UTF8.GetBytes($"hello from {_name} {path}");
                        // "/close" answers with Connection: close and ends the connection from this side first.
                        var close = path == "/close" ? "Connection: close\r\n" : string.Empty;
                        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {text.Length}\r\n{close}\r\n");
                        await stream.WriteAsync(head);
                        await stream.WriteAsync(text);
                        await stream.FlushAsync();
                        if (close.Length > 0)
                        {
                            break;
                        }
                    }
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or SocketException)
                {
                    // The peer went away (or a refused handshake).
                }
            }
        }

        private static async Task<string> Body(StreamReader reader, List<KeyValuePair<string, string>> fields)
        {
            var length = fields.FirstOrDefault(f => f.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
            if (length is not null)
            {
                var buffer = new char[int.Parse(length)];
                var read = 0;
                while (read < buffer.Length)
                {
                    read += await reader.ReadAsync(buffer, read, buffer.Length - read);
                }

                return new string(buffer);
            }

            if (!fields.Any(f => f.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
            {
                return string.Empty;
            }

            var body = new StringBuilder();
            while (true)
            {
                var size = Convert.ToInt32((await reader.ReadLineAsync())!.Split(';')[0], 16);
                if (size == 0)
                {
                    while (await reader.ReadLineAsync() is { Length: > 0 })
                    {
                    }

                    return body.ToString();
                }

                var chunk = new char[size];
                var read = 0;
                while (read < size)
                {
                    read += await reader.ReadAsync(chunk, read, size - read);
                }

                body.Append(chunk);
                await reader.ReadLineAsync();
            }
        }

        public sealed record Recorded(string RequestLine, IReadOnlyList<KeyValuePair<string, string>> Fields, string Body)
        {
            public IEnumerable<string> Values(string name) => Fields.Where(f => f.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);
        }
    }
}
