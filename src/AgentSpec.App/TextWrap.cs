using System.Text;

namespace AgentSpec.App;

/// <summary>
/// Word wrap for text a person reads: each line of the text keeps its own leading spaces, and its continuation lines
/// get a hanging indent (those spaces and two more, unless the caller names one). Lines break only at spaces, so a
/// path, a URL or a word is never split: one longer than the room left is kept whole on a line of its own (it can be
/// copied), the one case where a line is wider than the width. Spaces inside a line are kept as written.
/// </summary>
internal static class TextWrap
{
    /// <summary>The lines of <paramref name="text"/> (split at '\n' first) wrapped to <paramref name="width"/> columns.</summary>
    public static IReadOnlyList<string> Lines(string text, int width, string? hanging = null)
    {
        var lines = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var indent = line[..(line.Length - line.TrimStart(' ').Length)];
            Wrap(line[indent.Length..], width, indent, hanging ?? indent + "  ", lines);
        }

        return lines;
    }

    /// <summary>Writes <paramref name="text"/> wrapped to <paramref name="width"/> columns (<see cref="Lines"/>).</summary>
    public static void Write(TextWriter output, string text, int width, string? hanging = null)
    {
        foreach (var line in Lines(text, width, hanging))
        {
            output.WriteLine(line);
        }
    }

    private static void Wrap(string text, int width, string indent, string hanging, List<string> lines)
    {
        var line = new StringBuilder(indent);
        var empty = true;
        var at = 0;
        while (at < text.Length)
        {
            var start = at;
            while (at < text.Length && text[at] == ' ')
            {
                at++;
            }

            var spaces = at - start;
            var wordStart = at;
            while (at < text.Length && text[at] != ' ')
            {
                at++;
            }

            if (at == wordStart)
            {
                break;
            }

            var word = text.AsSpan(wordStart, at - wordStart);
            if (!empty && line.Length + spaces + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear().Append(hanging);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ', spaces);
            }

            line.Append(word);
            empty = false;
        }

        lines.Add(line.ToString().TrimEnd());
    }
}
