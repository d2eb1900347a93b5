using System;
using System.IO;
using System.Text;

namespace AgentSpec.Runtime;

/// <summary>
/// Writes whole lines, each prefixed (e.g. "main | "), to a shared writer, so the output of groups that run
/// concurrently (`up GROUP...`) interleaves by line, never mid-line, and every line shows whose it is:
/// control and escape sequences are made visible (<see cref="TerminalEscaper"/>), so no group can move the
/// cursor, return the carriage (CR) or clear a line to overwrite or forge another group's line. A CR that
/// ends a line (CR LF) is dropped. A line longer than <see cref="MaxLineLength"/> is not buffered whole: it
/// is written in pieces of that size, each piece after the first with the continuation prefix. Flush/Dispose
/// write a trailing partial line.
/// </summary>
internal sealed class PrefixedLineWriter : TextWriter
{
    /// <summary>The most characters buffered for one line before a piece of it is written.</summary>
    public const int MaxLineLength = 16 * 1024;

    private readonly TextWriter _target;
    private readonly string _prefix;
    private readonly string _continuationPrefix;
    private readonly object _gate;
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _out = new();
    private bool _continuing;

    /// <param name="gate">The lock shared by every writer of one target (default: the target itself).</param>
    /// <param name="continuationPrefix">The prefix of the pieces of an overlong line after the first (default: the prefix with "+ " in place of a trailing "| ", else the prefix followed by "+ ").</param>
    public PrefixedLineWriter(TextWriter target, string prefix, object? gate = null, string? continuationPrefix = null)
    {
        _target = target;
        _prefix = prefix;
        _continuationPrefix = continuationPrefix ?? (prefix.EndsWith("| ", StringComparison.Ordinal) ? prefix.Substring(0, prefix.Length - 2) + "+ " : prefix + "+ ");
        _gate = gate ?? target;
    }

    public override Encoding Encoding => _target.Encoding;

    /// <summary>The longest the line buffer has been (at most <see cref="MaxLineLength"/>).</summary>
    public int MaxBufferedLength { get; private set; }

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(ReadOnlySpan<char> buffer)
    {
        lock (_line)
        {
            while (true)
            {
                var newline = buffer.IndexOf('\n');
                Append(newline < 0 ? buffer : buffer.Slice(0, newline));
                if (newline < 0)
                {
                    return;
                }

                EmitLine();
                buffer = buffer.Slice(newline + 1);
            }
        }
    }

    public override void Flush()
    {
        lock (_line)
        {
            if (_line.Length > 0)
            {
                EmitLine();
            }

            lock (_gate)
            {
                _target.Flush();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    // Text without a line feed: buffered up to the bound, written in pieces beyond it.
    private void Append(ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            var take = Math.Min(MaxLineLength - _line.Length, text.Length);
            _line.Append(text.Slice(0, take));
            text = text.Slice(take);
            MaxBufferedLength = Math.Max(MaxBufferedLength, _line.Length);
            if (_line.Length >= MaxLineLength)
            {
                EmitPiece();
            }
        }
    }

    private void EmitPiece()
    {
        // Keep back a CR (it may end the line) or the first half of a surrogate pair for the next piece.
        var last = _line[_line.Length - 1];
        var length = last == '\r' || char.IsHighSurrogate(last) ? _line.Length - 1 : _line.Length;
        Emit(length);
        _line.Remove(0, length);
        _continuing = true;
    }

    private void EmitLine()
    {
        var length = _line.Length > 0 && _line[_line.Length - 1] == '\r' ? _line.Length - 1 : _line.Length;
        if (length > 0 || !_continuing)
        {
            Emit(length); // (a line that ended exactly at a piece boundary needs no empty continuation)
        }

        _line.Clear();
        _continuing = false;
    }

    private void Emit(int length)
    {
        _out.Clear().Append(_continuing ? _continuationPrefix : _prefix);
        foreach (var chunk in _line.GetChunks())
        {
            var part = chunk.Span.Slice(0, Math.Min(chunk.Length, length));
            TerminalEscaper.AppendEscaped(_out, part);
            length -= part.Length;
            if (length == 0)
            {
                break;
            }
        }

        _out.Append('\n');
        lock (_gate)
        {
            _target.Write(_out);
        }
    }
}
