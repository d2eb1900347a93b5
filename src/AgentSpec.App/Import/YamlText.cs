using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentSpec.App.Import;

/// <summary>
/// groups.yaml text written line by line, remembering on which lines each named part (a group, a mount, an MCP
/// server) starts and ends, so the import report can point at them. Scalars are plain when YAML reads them back
/// as the same string, double-quoted otherwise.
/// </summary>
internal sealed class YamlText
{
    private static readonly Regex Plain = new("^[A-Za-z_/][A-Za-z0-9_./~@+-]*$|^~/[A-Za-z0-9_./~@+-]*$", RegexOptions.CultureInvariant);
    private static readonly string[] Special = { "y", "n", "yes", "no", "on", "off", "true", "false", "null" };

    private readonly StringBuilder _text = new();
    private readonly Dictionary<string, (int Start, int End)> _parts = new(StringComparer.Ordinal);
    private readonly Stack<(string Part, int Start)> _open = new();
    private int _line;

    /// <summary>The 1-based line the next <see cref="Line"/> writes.</summary>
    public int NextLine => _line + 1;

    public void Line(int indent, string text)
    {
        _text.Append(' ', indent * 2).Append(text).Append('\n');
        _line++;
    }

    public void Begin(string part) => _open.Push((part, NextLine));

    public void End()
    {
        var (part, start) = _open.Pop();
        _parts[part] = (start, _line);
    }

    /// <summary>The first line of <paramref name="part"/>, or null when it was not written.</summary>
    public int? LineOf(string part) => _parts.TryGetValue(part, out var span) ? span.Start : null;

    /// <summary>The innermost of <paramref name="parts"/> that holds <paramref name="line"/> (1-based).</summary>
    public string? PartAt(int line, Func<string, bool> parts) =>
        _parts.Where(p => parts(p.Key) && p.Value.Start <= line && line <= p.Value.End).OrderBy(p => p.Value.End - p.Value.Start).Select(p
            => p.Key).FirstOrDefault();

    public override string ToString() => _text.ToString();

    public static string Scalar(string value)
    {
        if (Plain.IsMatch(value) && !Special.Contains(value.ToLowerInvariant()))
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                default:
                    if (char.IsControl(c) || c is >= '\u2066' and <= '\u2069' or >= '\u202a' and <= '\u202e' or '\u200e' or '\u200f')
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }
}
