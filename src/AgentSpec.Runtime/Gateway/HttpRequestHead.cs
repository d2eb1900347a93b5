using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// An HTTP/1.x request head as the gateway reads it: request line and header fields, strictly (CRLF line ends, token
/// field names, no obsolete line folding, bounded size and count): anything else is a 400, never a guess another
/// parser could read differently (request smuggling).
/// </summary>
internal sealed class HttpRequestHead
{
    /// <summary>The largest head read.</summary>
    public const int MaxBytes = 32 * 1024;

    /// <summary>The most header fields read.</summary>
    public const int MaxFields = 100;

    private HttpRequestHead(string method, string target, string version, List<KeyValuePair<string, string>> fields)
    {
        Method = method;
        Target = target;
        Version = version;
        Fields = fields;
    }

    public string Method { get; }

    public string Target { get; }

    public string Version { get; }

    /// <summary>The fields in order (names as sent).</summary>
    public List<KeyValuePair<string, string>> Fields { get; }

    /// <summary>Every value of the field <paramref name="name"/> (case-insensitive).</summary>
    public IEnumerable<string> Values(string name) =>
        Fields.Where(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);

    /// <summary>The one value of <paramref name="name"/>; null when absent; a 400 when given twice.</summary>
    public string? Single(string name)
    {
        var values = Values(name).ToList();
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new GatewayRefusal($"the request has {name} twice", 400),
        };
    }

    /// <summary>Removes every field called <paramref name="name"/>; returns how many.</summary>
    public int Remove(string name) => Fields.RemoveAll(f => string.Equals(f.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Reads one head from <paramref name="stream"/>, starting with <paramref name="pending"/> (bytes already read);
    /// returns null when the stream ends before any byte of a new request. The bytes after the head stay in
    /// <paramref name="pending"/>.
    /// </summary>
    public static async Task<HttpRequestHead?> ReadAsync(Stream stream, ByteBuffer pending, CancellationToken cancellationToken)
    {
        var chunk = new byte[4096];
        while (true)
        {
            var end = pending.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                var head = Parse(Encoding.Latin1.GetString(pending.Span.Slice(0, end)));
                pending.Consume(end + 4);
                return head;
            }

            if (pending.Length > MaxBytes)
            {
                throw new GatewayRefusal($"the request head is longer than {MaxBytes} bytes", 431);
            }

            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return pending.Length == 0 ? null : throw new GatewayRefusal("the client closed the connection in the middle of a request head", 400);
            }

            pending.Append(chunk.AsSpan(0, read));
        }
    }

    /// <summary>Parses a head (without its final blank line).</summary>
    public static HttpRequestHead Parse(string text)
    {
        var lines = text.Split("\r\n");
        var request = lines[0].Split(' ');
        if (request.Length != 3 || request[0].Length == 0 || !request[0].All(IsTokenChar) || request[1].Length == 0
            || request[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            throw new GatewayRefusal("a malformed request line (expected METHOD TARGET HTTP/1.1)", 400);
        }

        if (request[1].Any(c => c <= ' ' || c >= 0x7f))
        {
            throw new GatewayRefusal("a request target with spaces or control characters", 400);
        }

        var fields = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (line.Length == 0 || line[0] is ' ' or '\t')
            {
                throw new GatewayRefusal("a folded or empty header line", 400);
            }

            if (colon <= 0 || !line.AsSpan(0, colon).ToArray().All(IsTokenChar))
            {
                throw new GatewayRefusal("a malformed header line (expected Name: value)", 400);
            }

            var value = line.Substring(colon + 1).Trim(' ', '\t');
            if (value.Any(c => (c < ' ' && c != '\t') || c == 0x7f))
            {
                throw new GatewayRefusal("a header value with control characters", 400);
            }

            fields.Add(new KeyValuePair<string, string>(line.Substring(0, colon), value));
            if (fields.Count > MaxFields)
            {
                throw new GatewayRefusal($"more than {MaxFields} header fields", 431);
            }
        }

        return new HttpRequestHead(request[0], request[1], request[2], fields);
    }

    /// <summary>The head as bytes, with <paramref name="target"/> in the request line.</summary>
    /// <summary>The body length: 0 without a body, -1 for chunked; a 400 for anything a second parser could read differently.</summary>
    public long BodyLength()
    {
        var encodings = Values("Transfer-Encoding").ToList();
        var lengths = Values("Content-Length").ToList();
        if (encodings.Count > 0 && lengths.Count > 0)
        {
            throw new GatewayRefusal("a request with both Transfer-Encoding and Content-Length", 400);
        }

        if (encodings.Count > 0)
        {
            return encodings.Count == 1 && encodings[0].Equals("chunked", StringComparison.OrdinalIgnoreCase)
                ? -1
                : throw new GatewayRefusal("a Transfer-Encoding other than chunked", 400);
        }

        if (lengths.Count == 0)
        {
            return 0;
        }

        return lengths.Count == 1 && lengths[0].Length is > 0 and <= 18 && lengths[0].All(char.IsAsciiDigit)
            ? long.Parse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new GatewayRefusal("a malformed or repeated Content-Length", 400);
    }

    public byte[] Serialize(string target)
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(target).Append(' ').Append(Version).Append("\r\n");
        foreach (var field in Fields)
        {
            text.Append(field.Key).Append(": ").Append(field.Value).Append("\r\n");
        }

        return Encoding.Latin1.GetBytes(text.Append("\r\n").ToString());
    }

    private static bool IsTokenChar(char c) => c < 0x7f && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c));
}
