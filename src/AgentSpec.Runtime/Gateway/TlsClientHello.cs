using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// The first flight of a TLS client, read before anything goes upstream: the raw bytes (to replay them to the
/// upstream or to the gateway's own TLS server), the server name (SNI) and the ALPN protocols offered. The
/// ClientHello may span several records; it is read to its end and no further, bounded by <see cref="MaxBytes"/>.
/// </summary>
internal sealed record TlsClientHello(byte[] Raw, string? ServerName, IReadOnlyList<string> Protocols)
{
    /// <summary>The largest ClientHello read (real ones are a few hundred bytes to a few kilobytes).</summary>
    public const int MaxBytes = 64 * 1024;

    private const byte HandshakeRecord = 22;
    private const byte ClientHelloType = 1;

    /// <summary>
    /// Reads the ClientHello from <paramref name="stream"/>; throws <see cref="GatewayRefusal"/> when the bytes are
    /// not a TLS ClientHello (plain text in a CONNECT tunnel, a truncated or oversized hello).
    /// </summary>
    public static async Task<TlsClientHello> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var raw = new MemoryStream();
        var handshake = new MemoryStream();
        var header = new byte[5];
        var needed = -1;
        while (needed < 0 || handshake.Length < needed)
        {
            await Fill(stream, header, cancellationToken).ConfigureAwait(false);
            if (header[0] != HandshakeRecord || header[1] != 3)
            {
                throw new GatewayRefusal(raw.Length == 0 ? "not TLS: the tunnel must start with a TLS ClientHello" : "a malformed TLS ClientHello");
            }

            var length = (header[3] << 8) | header[4];
            if (length == 0 || raw.Length + 5 + length > MaxBytes)
            {
                throw new GatewayRefusal("a malformed or oversized TLS ClientHello");
            }

            var body = new byte[length];
            await Fill(stream, body, cancellationToken).ConfigureAwait(false);
            raw.Write(header);
            raw.Write(body);
            handshake.Write(body);
            if (needed < 0 && handshake.Length >= 4)
            {
                var h = handshake.GetBuffer();
                if (h[0] != ClientHelloType)
                {
                    throw new GatewayRefusal("a TLS handshake that does not start with a ClientHello");
                }

                needed = 4 + ((h[1] << 16) | (h[2] << 8) | h[3]);
                if (needed > MaxBytes)
                {
                    throw new GatewayRefusal("an oversized TLS ClientHello");
                }
            }
        }

        var (name, protocols) = Parse(handshake.GetBuffer().AsSpan(4, needed - 4));
        return new TlsClientHello(raw.ToArray(), name, protocols);
    }

    private static (string? Name, List<string> Protocols) Parse(ReadOnlySpan<byte> hello)
    {
        var protocols = new List<string>();
        string? name = null;
        var r = new Reader(hello);
        r.Skip(2 + 32);
        r.Skip(r.U8());
        r.Skip(r.U16());
        r.Skip(r.U8());
        if (r.Remaining == 0)
        {
            return (null, protocols);
        }

        var extensions = r.Slice(r.U16());
        while (extensions.Remaining > 0)
        {
            var type = extensions.U16();
            var data = extensions.Slice(extensions.U16());
            if (type == 0)
            {
                var list = data.Slice(data.U16());
                while (list.Remaining > 0)
                {
                    var kind = list.U8();
                    var value = list.Bytes(list.U16());
                    if (kind == 0)
                    {
                        if (name is not null)
                        {
                            throw new GatewayRefusal("a TLS ClientHello with two server names");
                        }

                        name = HostName(value);
                    }
                }
            }
            else if (type == 16)
            {
                var list = data.Slice(data.U16());
                while (list.Remaining > 0)
                {
                    protocols.Add(Encoding.ASCII.GetString(list.Bytes(list.U8())));
                }
            }
        }

        return (name, protocols);
    }

    private static string HostName(ReadOnlySpan<byte> value)
    {
        foreach (var b in value)
        {
            if (b is < 0x21 or > 0x7e)
            {
                throw new GatewayRefusal("a TLS server name that is not a host name");
            }
        }

        return Encoding.ASCII.GetString(value).TrimEnd('.').ToLowerInvariant();
    }

    private static async Task Fill(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new GatewayRefusal("the client closed the connection before its TLS ClientHello was complete");
            }

            total += read;
        }
    }

    /// <summary>A bounds-checked reader over the ClientHello: any overrun is a malformed hello, never an exception of its own.</summary>
    private ref struct Reader
    {
        private ReadOnlySpan<byte> _data;

        public Reader(ReadOnlySpan<byte> data) => _data = data;

        public int Remaining => _data.Length;

        public int U8() => Bytes(1)[0];

        public int U16()
        {
            var b = Bytes(2);
            return (b[0] << 8) | b[1];
        }

        public void Skip(int count) => Bytes(count);

        public Reader Slice(int count) => new(Bytes(count));

        public ReadOnlySpan<byte> Bytes(int count)
        {
            if (count > _data.Length)
            {
                throw new GatewayRefusal("a malformed TLS ClientHello");
            }

            var taken = _data.Slice(0, count);
            _data = _data.Slice(count);
            return taken;
        }
    }
}
