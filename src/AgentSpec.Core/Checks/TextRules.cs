using System.Collections.Generic;
using System.Globalization;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>AGS0501: no control, bidirectional-override or zero-width characters in any value (the "reads differently than it is" trick).</summary>
internal static class TextRules
{
    /// <summary>Reports the first unsafe character of the scalar; true when the text is safe.</summary>
    public static bool Check(YScalar scalar, string what, List<Finding> findings)
    {
        var index = FindUnsafe(scalar.Value);
        if (index < 0)
        {
            return true;
        }

        var c = scalar.Value[index];
        findings.Add(Rules.UnsafeCharacters.At(scalar.Span, what, $"{Describe(c)} at position {index + 1}"));
        return false;
    }

    public static int FindUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public static bool IsUnsafe(char c)
    {
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        {
            return true;
        }

        switch (c)
        {
            case '\u061C': // Arabic letter mark
            case '\u200B': // zero-width space
            case '\u200C': // zero-width non-joiner
            case '\u200D': // zero-width joiner
            case '\u200E': // left-to-right mark
            case '\u200F': // right-to-left mark
            case '\u2028': // line separator
            case '\u2029': // paragraph separator
            case '\u2060': // word joiner
            case '\u180E': // Mongolian vowel separator
            case '\uFEFF': // zero-width no-break space / BOM
                return true;
        }

        // LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI.
        if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069'))
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category == UnicodeCategory.Format;
    }

    /// <summary>"a NUL character (U+0000)".</summary>
    public static string Describe(char c) => $"{Name(c)} (U+{(int)c:X4})";

    private static string Name(char c) => c switch
    {
        '\0' => "a NUL character",
        '\t' => "a tab",
        '\r' or '\n' => "a line break",
        _ when c < 0x20 || (c >= 0x7F && c <= 0x9F) => "a control character",
        _ when (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F' || c == '\u061C' => "a bidirectional control character",
        _ => "a zero-width or invisible character",
    };
}
