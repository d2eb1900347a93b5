using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Core.Yaml;

/// <summary>
/// Which line is mis-indented and how to indent it, for YamlDotNet's "did not find expected '-' indicator",
/// "did not find expected key" and "found invalid mapping": the line the parser stopped at is compared with the
/// columns the lines above it open (a key's column, a list item's '- ' and the mapping inside it).
/// </summary>
internal static class IndentationHint
{
    /// <summary>The hint for 1-based <paramref name="line"/>, or null when its indentation explains nothing.</summary>
    public static string? For(string text, int line)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        if (line < 2 || line > lines.Length || !IsContent(lines[line - 1]))
        {
            return null;
        }

        var here = lines[line - 1];
        var indent = Indent(here);
        var isItem = here.Substring(indent).StartsWith("- ", StringComparison.Ordinal) || here.Trim() == "-";
        // The blocks still open at this line: the line above, then each line further up that is indented less
        // (a line indented as much or more belongs to a block that was closed on the way).
        var above = new List<(int Line, int Column, bool Item)>();
        var limit = int.MaxValue;
        for (var i = line - 2; i >= 0; i--)
        {
            if (IsContent(lines[i]) && Indent(lines[i]) < limit)
            {
                var column = Indent(lines[i]);
                limit = column;
                var item = lines[i].Substring(column).StartsWith("- ", StringComparison.Ordinal);
                above.Add((i + 1, column, item));
                if (item)
                {
                    above.Add((i + 1, column + 2, false));
                }
            }
        }

        if (above.Count == 0)
        {
            return null;
        }

        var same = above.Where(a => a.Column == indent && a.Item == isItem).ToList();
        if (same.Count > 0)
        {
            return null;
        }

        if (!isItem && above.FirstOrDefault(a => a.Column == indent && a.Item) is { Line: > 0 } list)
        {
            return $"line {line} starts at the column of the list items above it (line {list.Line} starts with '- '); "
                + $"indent it {Spaces(indent + 2)} to belong to that item, or start it with '- ' for a new item";
        }

        var candidates = above.Where(a => a.Item == isItem).ToList();
        if (candidates.Count == 0)
        {
            candidates = above;
        }

        // The nearest column; of two as near, the one of the closer line above.
        var best = candidates.OrderBy(a => Math.Abs(a.Column - indent)).ThenByDescending(a => a.Line).First();
        var what = isItem ? "list items" : "keys";
        return $"line {line} is indented {Spaces(indent)}, which lines up with no {what} above it; "
            + $"indent it {Spaces(best.Column)} like line {best.Line}";
    }

    private static string Spaces(int n) => n == 1 ? "1 space" : $"{n} spaces";

    private static bool IsContent(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length > 0 && !trimmed.StartsWith("#", StringComparison.Ordinal) && trimmed != "---";
    }

    private static int Indent(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        return i;
    }
}
