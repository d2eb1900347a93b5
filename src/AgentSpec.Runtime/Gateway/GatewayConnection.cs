using System;
using System.Diagnostics;
using System.IO;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// One client connection: a CONNECT tunnel (checked by authority, then by the ClientHello's SNI, then tunnelled byte
/// for byte or, for a destination with a credential, intercepted by <see cref="CredentialForwarder"/>) or one plain
/// HTTP request in absolute form (checked by the URL and the Host header). Every outcome is logged once; nothing
/// that happens here ends the gateway.
/// </summary>
internal sealed class GatewayConnection
{
    private static readonly byte[] Established = Encoding.ASCII.GetBytes("HTTP/1.1 200 Connection established\r\n\r\n");

    private readonly GatewayServices _services;
    private readonly Socket _client;
    private readonly string _clientName;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private string _mode = "http";
    private string? _destination;
    private string? _address;
    private string? _credentialName;
    private bool _allowed;
    private bool _answered;
    private long _up;
    private long _down;

    public GatewayConnection(GatewayServices services, Socket client)
    {
        _services = services;
        _client = client;
        _clientName = client.RemoteEndPoint?.ToString() ?? "?";
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var client = _client;
        using var stream = new NetworkStream(client, ownsSocket: false);
        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stop);
        handshake.CancelAfter(_services.Options.HandshakeTimeout);
        try
        {
            var pending = new ByteBuffer();
            var head = await HttpRequestHead.ReadAsync(stream, pending, handshake.Token).ConfigureAwait(false);
            if (head is null)
            {
                Log("closed before sending a request");
                return;
            }

            if (head.Method == "CONNECT")
            {
                await ConnectAsync(head, pending, stream, handshake.Token, stop).ConfigureAwait(false);
            }
            else
            {
                await PlainAsync(head, pending, stream, stop).ConfigureAwait(false);
            }

            Log("closed");
        }
        catch (GatewayRefusal refusal)
        {
            _allowed = false;
            await AnswerAsync(stream, refusal).ConfigureAwait(false);
            Log(refusal.Message);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            _allowed = false;
            var why = $"the handshake took longer than {_services.Options.HandshakeTimeout.TotalSeconds:0} s";
            await AnswerAsync(stream, new GatewayRefusal(why, 408)).ConfigureAwait(false);
            Log(why);
        }
        catch (OperationCanceledException)
        {
            Log("the gateway is stopping");
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or ObjectDisposedException)
        {
            Log(_allowed ? "ended: " + Short(e) : "failed: " + Short(e));
        }
#pragma warning disable CA1031 // One connection's unexpected failure is logged; it never ends the gateway.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _allowed = false;
            Log("internal error (" + e.GetType().Name + ")");
        }
    }

    private async Task ConnectAsync(HttpRequestHead head, ByteBuffer pending, NetworkStream stream, CancellationToken handshake, CancellationToken stop)
    {
        _mode = "tunnel";
        _destination = head.Target;
        var (host, port) = GatewayDestinations.Authority(head.Target, null);
        var target = await _services.Destinations.CheckAsync(host, port, handshake).ConfigureAwait(false);
        _destination = target.Describe();
        using var upstream = await OpenAsync(target, handshake).ConfigureAwait(false);
        await stream.WriteAsync(Established, handshake).ConfigureAwait(false);
        _answered = true;
        var fromClient = new PrefixedStream(pending.Span, stream);
        var hello = await TlsClientHello.ReadAsync(fromClient, handshake).ConfigureAwait(false);
        CheckServerName(target, hello);
        var credential = target.Rule.Credential;
        if (credential is null)
        {
            using var up = new NetworkStream(upstream, ownsSocket: false);
            await up.WriteAsync(hello.Raw, handshake).ConfigureAwait(false);
            _allowed = true;
            var toUpstream = Count(StreamPump.CopyAsync(fromClient, up, upstream, stop), up: true);
            var toClient = Count(StreamPump.CopyAsync(up, stream, _client, stop), up: false);
            _up = hello.Raw.Length;
            await Task.WhenAll(toUpstream, toClient).ConfigureAwait(false);
            return;
        }

        _mode = "intercept";
        _credentialName = credential;
        var forwarder = new CredentialForwarder(_services, target, _services.Credentials?.Find(credential)
            ?? throw new GatewayRefusal($"credential '{credential}' is not in the gateway's credentials file"));
        var agent = new PrefixedStream(hello.Raw, fromClient);
        (_up, _down) = await forwarder.RunAsync(agent, upstream, handshake, stop, () => _allowed = true).ConfigureAwait(false);
    }

    private async Task PlainAsync(HttpRequestHead head, ByteBuffer pending, NetworkStream stream, CancellationToken stop)
    {
        _destination = head.Target.Length > 200 ? head.Target.Substring(0, 200) : head.Target;
        if (!head.Target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            throw new GatewayRefusal(head.Target.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                ? "an https:// URL sent as plain HTTP; use CONNECT (HTTPS_PROXY) for https"
                : "not a proxy request: send an absolute http:// URL, or CONNECT host:port", 400);
        }

        var rest = head.Target.Substring("http://".Length);
        var end = rest.IndexOfAny(new[] { '/', '?', '#' });
        var authority = end < 0 ? rest : rest.Substring(0, end);
        if (authority.Contains('@'))
        {
            throw new GatewayRefusal("a URL with user information", 400);
        }

        var (host, port) = GatewayDestinations.Authority(authority, 80);
        var hostHeader = head.Single("Host") ?? throw new GatewayRefusal("the request has no Host header", 400);
        if (GatewayDestinations.Authority(hostHeader, 80) != (host, port))
        {
            throw new GatewayRefusal($"the Host header '{hostHeader}' is not the URL's host {authority}", 400);
        }

        _destination = $"{host}:{port}";
        var target = await _services.Destinations.CheckAsync(host, port, stop).ConfigureAwait(false);
        _destination = target.Describe();
        if (target.Rule.Credential is not null)
        {
            throw new GatewayRefusal($"{target.Describe()} has a credential, which the gateway adds only over TLS; use https://");
        }

        using var upstream = await OpenAsync(target, stop).ConfigureAwait(false);
        foreach (var hop in new[] { "Proxy-Connection", "Proxy-Authorization", "Connection", "Keep-Alive" })
        {
            head.Remove(hop);
        }

        head.Fields.Add(new("Connection", "close"));
        var origin = end < 0 ? "/" : rest.Substring(end);
        origin = origin.StartsWith('/') ? origin : "/" + origin;
        using var up = new NetworkStream(upstream, ownsSocket: false);
        var bytes = head.Serialize(origin);
        await up.WriteAsync(bytes, stop).ConfigureAwait(false);
        _allowed = true;
        _answered = true;
        var toUpstream = Count(StreamPump.CopyAsync(new PrefixedStream(pending.Span, stream), up, upstream, stop), up: true);
        var toClient = Count(StreamPump.CopyAsync(up, stream, _client, stop), up: false);
        _up = bytes.Length;
        await Task.WhenAll(toUpstream, toClient).ConfigureAwait(false);
    }

    private static void CheckServerName(GatewayTarget target, TlsClientHello hello)
    {
        if (target.IsLiteral ? hello.ServerName is not null && hello.ServerName != target.Host : hello.ServerName != target.Host)
        {
            throw new GatewayRefusal(hello.ServerName is null
                ? $"the TLS ClientHello names no server (SNI) for {target.Describe()}; the gateway allows TLS only to the name it checked"
                : $"the TLS ClientHello names '{Printable(hello.ServerName)}', not {target.Host}, which CONNECT asked for");
        }
    }

    private async Task<Socket> OpenAsync(GatewayTarget target, CancellationToken cancellationToken)
    {
        foreach (var address in target.Addresses)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_services.Options.ConnectTimeout);
            try
            {
                var socket = await _services.Options.Connector.ConnectAsync(address, target.Port, timeout.Token).ConfigureAwait(false);
                _address = address.ToString();
                return socket;
            }
            catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                _address = address.ToString();
            }
        }

        throw new GatewayRefusal($"could not connect to {target.Describe()} ({string.Join(", ", target.Addresses)})", 502);
    }

    private async Task Count(Task<long> copy, bool up)
    {
        var n = await copy.ConfigureAwait(false);
        if (up)
        {
            Interlocked.Add(ref _up, n);
        }
        else
        {
            Interlocked.Add(ref _down, n);
        }
    }

    private async Task AnswerAsync(NetworkStream stream, GatewayRefusal refusal)
    {
        if (_answered)
        {
            return;
        }

        _answered = true;
        var what = _destination is null ? "the request" : Printable(_destination);
        var body = Encoding.UTF8.GetBytes($"agentspec gateway refused {what}: {Printable(refusal.Message)}\n");
        var status = refusal.Status switch
        {
            400 => "Bad Request",
            408 => "Request Timeout",
            431 => "Request Header Fields Too Large",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "Forbidden",
        };
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {refusal.Status} {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await stream.WriteAsync(head, timeout.Token).ConfigureAwait(false);
            await stream.WriteAsync(body, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone; the log has the reason.
        }
    }

    private void Log(string reason) => _services.Log.Write(new GatewayEvent(
        _started, _clientName, _destination, _address, _mode, _allowed, reason, Interlocked.Read(ref _up), Interlocked.Read(ref _down), _clock.Elapsed,
        _credentialName));

    private static string Short(Exception e) =>
        e is AuthenticationException ? "TLS handshake failed" : e.GetType().Name.Replace("Exception", string.Empty, StringComparison.Ordinal);

    private static string Printable(string text) => text.Length > 200 ? text.Substring(0, 200) : text;
}
