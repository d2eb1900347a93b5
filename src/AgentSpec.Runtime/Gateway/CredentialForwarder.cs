using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// A destination with a credential: the gateway ends the agent's TLS with a leaf for the checked name from its own
/// CA (ALPN http/1.1 only), opens TLS to the upstream (validated against the system store, or --upstream-ca), and
/// forwards each HTTP/1.1 request with every field of the credential's header the agent sent removed and the
/// credential's header added. Requests are framed strictly (Content-Length or chunked, never both, the Host the
/// name checked), so no request can slip past the rewrite; responses pass through byte for byte.
/// </summary>
internal sealed class CredentialForwarder
{
    private const int MaxLine = 4096;

    private readonly GatewayServices _services;
    private readonly GatewayTarget _target;
    private readonly Credential _credential;
    private long _sent;

    public CredentialForwarder(GatewayServices services, GatewayTarget target, Credential credential)
    {
        _services = services;
        _target = target;
        _credential = credential;
    }

    /// <summary>Runs the intercepted connection to its end; returns the bytes sent upstream and to the agent.</summary>
    public async Task<(long Up, long Down)> RunAsync(Stream client, Socket upstream, CancellationToken handshake, CancellationToken stop, Action allowed)
    {
        var authority = _services.Authority ?? throw new GatewayRefusal("the gateway has no CA to intercept with (--ca-dir)");
        var header = _credential.Header ?? throw new GatewayRefusal($"credential '{_credential.Name}' has no header in the credentials file");
        using var agent = new SslStream(Transport(client), leaveInnerStreamOpen: false);
        await agent.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions
            {
                ServerCertificateContext = authority.For(_target.Host),
                ApplicationProtocols = new() { SslApplicationProtocol.Http11 },
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            },
            handshake).ConfigureAwait(false);
        using var network = new NetworkStream(upstream, ownsSocket: false);
        using var server = new SslStream(Transport(network), leaveInnerStreamOpen: false, Validate);
        await server.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = _target.Host,
                ApplicationProtocols = new() { SslApplicationProtocol.Http11 },
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
            handshake).ConfigureAwait(false);
        allowed();
        using var requestsDone = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var down = StreamPump.CopyAsync(server, agent, null, stop);
        var up = Requests(agent, server, header, requestsDone.Token);
        if (await Task.WhenAny(up, down).ConfigureAwait(false) == down)
        {
            requestsDone.Cancel();
        }

        try
        {
            await up.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // The upstream ended the connection: no more requests go there.
        }
        finally
        {
            await Quietly(Shutdown(server)).ConfigureAwait(false);
            StreamPump.HalfClose(upstream);
        }

        var received = await down.ConfigureAwait(false);
        await Quietly(Shutdown(agent)).ConfigureAwait(false);
        return (Interlocked.Read(ref _sent), received);
    }

    /// <summary>
    /// Under each SslStream: large reads from the socket, and the records of one write gathered into one send. Every
    /// write here and in <see cref="StreamPump"/> is followed by a flush, so no byte waits in the gathering. The
    /// SslStream owns this pair: disposing it leaves the socket's stream to its owner and never writes.
    /// </summary>
    private static Stream Transport(Stream socket) => new ReadAheadStream(new CoalescingWriteStream(socket));

    /// <summary>The TLS close_notify, sent now (the transport holds it until a flush).</summary>
    private static async Task Shutdown(SslStream tls)
    {
        await tls.ShutdownAsync().ConfigureAwait(false);
        await tls.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Forwards the agent's requests; the bytes sent up are counted as they go (in _sent), so a cancelled run still reports them.</summary>
    private async Task Requests(Stream agent, Stream server, string header, CancellationToken cancellationToken)
    {
        var pending = new ByteBuffer();
        while (await HttpRequestHead.ReadAsync(agent, pending, cancellationToken).ConfigureAwait(false) is { } head)
        {
            if (!head.Target.StartsWith('/') && !(head.Method == "OPTIONS" && head.Target == "*"))
            {
                throw new GatewayRefusal("a request target that is not a path (origin form) inside the TLS connection", 400);
            }

            var host = head.Single("Host") ?? throw new GatewayRefusal("a request without a Host header", 400);
            if (GatewayDestinations.Authority(host, _target.Port) != (_target.Host, _target.Port))
            {
                throw new GatewayRefusal($"a request for Host '{host}' inside the TLS connection to {_target.Describe()}", 400);
            }

            var length = head.BodyLength();
            if (head.Values("Upgrade").Any())
            {
                throw new GatewayRefusal("a protocol upgrade (such as WebSocket), which is not forwarded to a destination with a credential", 400);
            }

            head.Remove("Proxy-Authorization");
            head.Remove("Proxy-Connection");
            head.Remove(header);
            head.Fields.Add(new(header, _credential.Value));
            var bytes = head.Serialize(head.Target);
            await Send(server, bytes, cancellationToken).ConfigureAwait(false);
            if (length == -1)
            {
                await CopyChunked(agent, pending, server, cancellationToken).ConfigureAwait(false);
            }
            else if (length > 0)
            {
                await CopyExact(agent, pending, server, length, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes and flushes (the transport gathers only until a flush), then counts the bytes as sent up.</summary>
    private async Task Send(Stream to, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await to.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await to.FlushAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _sent, bytes.Length);
    }

    private async Task CopyExact(Stream from, ByteBuffer pending, Stream to, long count, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(count, StreamPump.BufferSize)];
        var left = count;
        while (left > 0)
        {
            var want = (int)Math.Min(left, buffer.Length);
            var n = pending.Length > 0
                ? pending.Take(buffer.AsSpan(0, want))
                : await from.ReadAsync(buffer.AsMemory(0, want), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new GatewayRefusal("the client closed the connection in the middle of a request body", 400);
            }

            await Send(to, buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            left -= n;
        }
    }

    private async Task CopyChunked(Stream from, ByteBuffer pending, Stream to, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await Line(from, pending, cancellationToken).ConfigureAwait(false);
            var digits = line.Split(';')[0].Trim(' ', '\t');
            if (digits.Length is 0 or > 15 || !digits.All(char.IsAsciiHexDigit))
            {
                throw new GatewayRefusal("a malformed chunk size", 400);
            }

            var size = long.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            await Write(to, line + "\r\n", cancellationToken).ConfigureAwait(false);
            if (size == 0)
            {
                // Trailer fields, then the empty line that ends the body.
                string trailer;
                do
                {
                    trailer = await Line(from, pending, cancellationToken).ConfigureAwait(false);
                    await Write(to, trailer + "\r\n", cancellationToken).ConfigureAwait(false);
                }
                while (trailer.Length > 0);
                return;
            }

            await CopyExact(from, pending, to, size, cancellationToken).ConfigureAwait(false);
            if (await Line(from, pending, cancellationToken).ConfigureAwait(false) is not "")
            {
                throw new GatewayRefusal("a chunk longer than its size", 400);
            }

            await Write(to, "\r\n", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<string> Line(Stream from, ByteBuffer pending, CancellationToken cancellationToken)
    {
        var chunk = new byte[MaxLine];
        while (true)
        {
            var end = pending.IndexOf("\r\n"u8);
            if (end >= 0)
            {
                var line = System.Text.Encoding.Latin1.GetString(pending.Span.Slice(0, end));
                pending.Consume(end + 2);
                return line.Any(c => c < ' ' && c != '\t') ? throw new GatewayRefusal("a control character in a chunk line", 400) : line;
            }

            if (pending.Length > MaxLine)
            {
                throw new GatewayRefusal("a chunk line longer than 4096 bytes", 400);
            }

            var n = await from.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new GatewayRefusal("the client closed the connection in the middle of a chunked body", 400);
            }

            pending.Append(chunk.AsSpan(0, n));
        }
    }

    private Task Write(Stream to, string text, CancellationToken cancellationToken) =>
        Send(to, System.Text.Encoding.Latin1.GetBytes(text), cancellationToken);

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or AuthenticationException)
        {
            // Already closed.
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_services.Options.UpstreamTrust is not { } trust)
        {
            return errors == SslPolicyErrors.None;
        }

        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0 || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(trust);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }
}
