using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// One output stream of a container (stdout or stderr) on its way to a writer: bytes go to a
/// <see cref="ByteStreamWriter"/> unchanged; for any other writer they are decoded as UTF-8 with the decoder's
/// state kept across reads, so a character split between two reads arrives whole, and a sequence left
/// incomplete at the end becomes U+FFFD rather than vanishing.
/// </summary>
internal sealed class OutputSink
{
    private readonly TextWriter _writer;
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = Array.Empty<char>();

    public OutputSink(TextWriter writer) => _writer = writer;

    public async Task WriteAsync(byte[] buffer, int count, CancellationToken cancellationToken)
    {
        if (_writer is IByteWriter raw)
        {
            await raw.WriteBytesAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            return;
        }

        await DecodeAsync(buffer, count, flush: false).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_writer is not IByteWriter)
        {
            await DecodeAsync(Array.Empty<byte>(), 0, flush: true).ConfigureAwait(false);
        }

        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task DecodeAsync(byte[] buffer, int count, bool flush)
    {
        // Bytes held back from the previous read can add a few replacement characters.
        var needed = count + 8;
        if (_chars.Length < needed)
        {
            _chars = new char[needed];
        }

        var n = _decoder.GetChars(buffer, 0, count, _chars, 0, flush);
        if (n > 0)
        {
            await _writer.WriteAsync(_chars, 0, n).ConfigureAwait(false);
        }
    }
}
