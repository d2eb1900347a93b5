using System;
using System.Globalization;
using System.Text;

namespace AgentSpec.Runtime;

/// <summary>
/// Makes a container's control and escape sequences visible instead of letting the terminal interpret them:
/// an agent's output must not set the window title, write the clipboard (OSC 52), move the cursor, or
/// reorder text with bidi overrides on the operator's terminal. Line feed and tab are kept; ESC becomes
/// <c>\e</c>, CR <c>\r</c>, other C0 controls and DEL <c>\xHH</c>, C1 controls (U+0080–U+009F, which some
/// terminals read as 8-bit CSI/OSC) and bidirectional marks, embeddings, overrides and isolates <c>\uHHHH</c>.
/// A backslash is left as it is: escaped text is for reading, not for parsing back.
/// </summary>
internal static class TerminalEscaper
{
    /// <summary>True when <paramref name="c"/> is written as it is.</summary>
    public static bool IsSafe(char c)
    {
        if (c < 0x20)
        {
            return c == '\n' || c == '\t';
        }

        if (c < 0x7F)
        {
            return true;
        }

        if (c <= 0x9F)
        {
            return false; // DEL and C1
        }

        return !IsBidiControl(c);
    }

    /// <summary>Appends <paramref name="text"/> with every unsafe character in its visible form (a CR, too).</summary>
    public static StringBuilder AppendEscaped(StringBuilder sb, ReadOnlySpan<char> text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsSafe(c))
            {
                continue;
            }

            sb.Append(text.Slice(start, i - start));
            AppendVisible(sb, c);
            start = i + 1;
        }

        return sb.Append(text.Slice(start));
    }

    /// <summary>The escaped form of <paramref name="text"/>; CR LF stays a line end, a lone CR becomes <c>\r</c>.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        var start = 0;
        for (var cr = text.IndexOf("\r\n", StringComparison.Ordinal); cr >= 0; cr = text.IndexOf("\r\n", start, StringComparison.Ordinal))
        {
            AppendEscaped(sb, text.AsSpan(start, cr - start));
            start = cr + 1; // drop the CR, keep the LF
        }

        return AppendEscaped(sb, text.AsSpan(start)).ToString();
    }

    /// <summary>The visible form of one unsafe character.</summary>
    public static void AppendVisible(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '\u001B':
                sb.Append("\\e");
                break;
            case '\r':
                sb.Append("\\r");
                break;
            case < '\u0080':
                sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                break;
            default:
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                break;
        }
    }

    // LRM, RLM, ALM; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI: they reorder what the terminal shows.
    private static bool IsBidiControl(char c) =>
        c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
