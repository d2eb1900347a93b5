using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;
using YamlDotNet.Core;

namespace AgentSpec.Core.Yaml;

/// <summary>
/// Turns YamlDotNet marks (1-based line and column) into spans. Line breaks are counted the way both
/// YamlDotNet and Roslyn count them (CRLF is one break; CR, LF, NEL, LS and PS are breaks), so locations stay right in CRLF files.
/// </summary>
internal sealed class LineMap
{
    private readonly List<int> _lineStarts = new() { 0 };
    private readonly int _length;
    private readonly int _firstLineShift;

    /// <param name="text">The whole file.</param>
    /// <param name="firstLineShift">Characters at the start of the file the parser did not see (a byte order mark), so its first-line columns are shifted.</param>
    public LineMap(string text, int firstLineShift = 0)
    {
        _length = text.Length;
        _firstLineShift = firstLineShift;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                _lineStarts.Add(i + 1);
            }
            else if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public int LineCount => _lineStarts.Count;

    public SourceSpan Span(Mark start, Mark end)
    {
        var (sl, sc, so) = Position(start);
        var (el, ec, eo) = Position(end);
        if (eo < so)
        {
            (el, ec, eo) = (sl, sc, so);
        }

        return new SourceSpan(so, eo - so, sl, sc, el, ec);
    }

    /// <summary>A span for a zero-based line and column range on one line.</summary>
    public SourceSpan Span(int line, int startColumn, int endColumn)
    {
        line = Clamp(line, 0, _lineStarts.Count - 1);
        var start = Clamp(_lineStarts[line] + startColumn, 0, _length);
        var end = Clamp(_lineStarts[line] + endColumn, start, _length);
        return new SourceSpan(start, end - start, line, start - _lineStarts[line], line, end - _lineStarts[line]);
    }

    private (int Line, int Column, int Offset) Position(Mark mark)
    {
        var line = Clamp((int)mark.Line - 1, 0, _lineStarts.Count - 1);
        var lineStart = _lineStarts[line];
        var lineEnd = line + 1 < _lineStarts.Count ? _lineStarts[line + 1] : _length;
        var offset = Clamp(lineStart + (int)mark.Column - 1 + (line == 0 ? _firstLineShift : 0), lineStart, lineEnd);
        return (line, offset - lineStart, offset);
    }

    /// <summary>A span for a range of character offsets.</summary>
    public SourceSpan SpanAt(int offset, int length)
    {
        var start = Clamp(offset, 0, _length);
        var end = Clamp(offset + length, start, _length);
        var (sl, sc) = LineColumn(start);
        var (el, ec) = LineColumn(end);
        return new SourceSpan(start, end - start, sl, sc, el, ec);
    }

    private (int Line, int Column) LineColumn(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line, offset - _lineStarts[line]);
    }

    /// <summary>The first tab in the indentation of a line at or after <paramref name="fromLine"/> (zero-based), if any.</summary>
    public SourceSpan? FindIndentationTab(string text, int fromLine)
    {
        for (var line = Clamp(fromLine, 0, _lineStarts.Count - 1); line < _lineStarts.Count; line++)
        {
            for (var i = _lineStarts[line]; i < _length && (text[i] == ' ' || text[i] == '\t'); i++)
            {
                if (text[i] == '\t')
                {
                    return Span(line, i - _lineStarts[line], i - _lineStarts[line] + 1);
                }
            }
        }

        return null;
    }

    private static int Clamp(int value, int min, int max) => value < min ? min : value > max ? max : value;
}
