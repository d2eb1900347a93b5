using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

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
