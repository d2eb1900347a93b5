using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// Container output copied byte for byte to a stream, undecoded and unescaped: `agentspec run` with its output
/// redirected to a file or pipe, where binary output must arrive exactly as the container wrote it. Text written
/// through the TextWriter API is encoded as UTF-8.
/// </summary>
internal sealed class ByteStreamWriter : TextWriter, IByteWriter
{
    private readonly StreamWriter _text;

    public ByteStreamWriter(Stream stream)
    {
        Stream = stream;
        _text = new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { AutoFlush = true };
    }

    public Stream Stream { get; }

    public override Encoding Encoding => _text.Encoding;

    public override void Write(char value) => _text.Write(value);

    public override void Write(char[] buffer, int index, int count) => _text.Write(buffer, index, count);

    public override void Write(string? value) => _text.Write(value);

    public override void Write(ReadOnlySpan<char> buffer) => _text.Write(buffer);

    public ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => Stream.WriteAsync(bytes, cancellationToken);

    public override void Flush() => Stream.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _text.Dispose();
        }

        base.Dispose(disposing);
    }
}
