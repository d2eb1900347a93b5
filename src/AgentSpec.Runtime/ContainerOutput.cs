using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime
{
    /// <summary>
    /// Container output for a terminal: every character goes straight through (nothing is buffered but a CR whose
    /// next character is not known yet), control and escape sequences made visible by <see cref="TerminalEscaper"/>.
    /// CR LF stays a line end; a lone CR is shown as <c>\r</c>. `agentspec run` uses it when its stdout or stderr is
    /// a terminal.
    /// </summary>
    internal sealed class EscapingWriter : TextWriter
    {
        private readonly TextWriter _target;
        private readonly StringBuilder _out = new();
        private bool _pendingCr;

        public EscapingWriter(TextWriter target) => _target = target;

        public override Encoding Encoding => _target.Encoding;

        public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                return;
            }

            lock (_out)
            {
                _out.Clear();
                if (_pendingCr)
                {
                    _pendingCr = false;
                    CarriageReturn(followedByLineFeed: text[0] == '\n');
                }

                var start = 0;
                int offset;
                while ((offset = text.Slice(start).IndexOf('\r')) >= 0)
                {
                    TerminalEscaper.AppendEscaped(_out, text.Slice(start, offset));
                    start += offset + 1;
                    if (start == text.Length)
                    {
                        _pendingCr = true; // decided by the next write
                    }
                    else
                    {
                        CarriageReturn(followedByLineFeed: text[start] == '\n');
                    }
                }

                TerminalEscaper.AppendEscaped(_out, text.Slice(start));
                _target.Write(_out);
            }
        }

        public override void Flush()
        {
            lock (_out)
            {
                if (_pendingCr)
                {
                    _pendingCr = false;
                    _target.Write("\\r");
                }

                _target.Flush();
            }
        }

        private void CarriageReturn(bool followedByLineFeed)
        {
            if (!followedByLineFeed)
            {
                _out.Append("\\r");
            }
        }
    }

    /// <summary>
    /// Container output copied byte for byte to a stream, undecoded and unescaped: `agentspec run` with its output
    /// redirected to a file or pipe, where binary output must arrive exactly as the container wrote it. Text written
    /// through the TextWriter API is encoded as UTF-8.
    /// </summary>
    internal sealed class ByteStreamWriter : TextWriter
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
            if (_writer is ByteStreamWriter raw)
            {
                await raw.WriteBytesAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                return;
            }

            await DecodeAsync(buffer, count, flush: false).ConfigureAwait(false);
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            if (_writer is not ByteStreamWriter)
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
}
