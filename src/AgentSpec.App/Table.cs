namespace AgentSpec.App;

/// <summary>
/// Aligned text columns that fit a width (<see cref="OutputWidth"/>), every value in full. When the columns are wider
/// than the width, the last column is wrapped within its own column if its words fit there; otherwise the columns
/// that do not fit leave the row and follow it on indented continuation lines, each named by its header in lower case
/// ("    host source: {dataRoot}/groups/{folder}"), so the header still says what each value is.
/// </summary>
internal static class Table
{
    /// <summary>The narrowest last column worth wrapping in place; a narrower one moves to continuation lines.</summary>
    private const int MinimumWrapped = 16;

    private const string Gap = "  ";

    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, int width, string indent = "")
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var last = headers.Count - 1;
        if (Span(widths, headers.Count, indent) <= width)
        {
            WriteRows(output, headers, rows, widths, headers.Count, indent, width);
            return;
        }

        var room = width - Span(widths, last, indent) - Gap.Length;
        if (last > 0 && room >= Math.Max(MinimumWrapped, headers[last].Length) && rows.All(r => Longest(r[last]) <= room))
        {
            widths[last] = room;
            WriteRows(output, headers, rows, widths, headers.Count, indent, width);
            return;
        }

        var kept = 1;
        while (kept < last && Span(widths, kept + 1, indent) <= width)
        {
            kept++;
        }

        WriteRows(output, headers, rows, widths, kept, indent, width);
    }

    /// <summary>The columns a row of the first <paramref name="count"/> columns takes, with the indent.</summary>
    private static int Span(int[] widths, int count, string indent) =>
        indent.Length + widths.Take(count).Sum() + (Gap.Length * Math.Max(0, count - 1));

    private static int Longest(string cell) => cell.Split(' ').Max(w => w.Length);

    /// <summary>Rows of the first <paramref name="kept"/> columns (the last of them wrapped to its width), then the rest as labelled lines.</summary>
    private static void WriteRows(
        TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, int[] widths, int kept, string indent, int width)
    {
        WriteRow(output, headers, widths, kept, indent);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths, kept, indent);
            for (var i = kept; i < headers.Count; i++)
            {
                TextWrap.Write(output, indent + "    " + headers[i].ToLowerInvariant() + ": " + row[i], width, hanging: indent + "      ");
            }
        }
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths, int kept, string indent)
    {
        var start = indent.Length + widths.Take(kept - 1).Sum() + (Gap.Length * (kept - 1));
        var lastCell = TextWrap.Lines(cells[kept - 1], widths[kept - 1], hanging: string.Empty);
        var head = string.Join(Gap, cells.Take(kept - 1).Select((c, i) => c.PadRight(widths[i])));
        output.WriteLine((indent + head + (kept > 1 ? Gap : string.Empty) + lastCell[0]).TrimEnd());
        foreach (var more in lastCell.Skip(1))
        {
            output.WriteLine(new string(' ', start) + more);
        }
    }
}
