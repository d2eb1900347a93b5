namespace AgentSpec.App;

/// <summary>
/// Whether findings get colour, per stream: only on a terminal, never with NO_COLOR set (https://no-color.org: any
/// non-empty value) or TERM=dumb. What goes to a file, a pipe or CI stays plain text, byte for byte what a parser of
/// the MSBuild format (<c>file(line,col): error AGS0302: ...</c>) expects.
/// </summary>
internal sealed record Colours(bool Out, bool Error)
{
    private const string Red = "\u001b[1;31m";
    private const string Yellow = "\u001b[1;33m";
    private const string Cyan = "\u001b[36m";
    private const string Reset = "\u001b[0m";

    /// <summary>No colour anywhere: tests and every redirected process.</summary>
    public static readonly Colours None = new(false, false);

    public static Colours Decide(bool outIsTerminal, bool errorIsTerminal, Func<string, string?> environment)
    {
        if (environment("NO_COLOR") is { Length: > 0 } || string.Equals(environment("TERM"), "dumb", StringComparison.Ordinal))
        {
            return None;
        }

        return new Colours(outIsTerminal, errorIsTerminal);
    }

    /// <summary>A finding in the MSBuild format, its severity coloured when <paramref name="toError"/>'s stream has colour.</summary>
    public string Finding(string line, bool toError)
    {
        if (!(toError ? Error : Out))
        {
            return line;
        }

        foreach (var (word, colour) in new[] { (": error ", Red), (": warning ", Yellow), (": info ", Cyan) })
        {
            var at = line.IndexOf(word, StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at + 2;
                var end = start + word.Length - 3;
                return line[..start] + colour + line[start..end] + Reset + line[end..];
            }
        }

        return line;
    }
}
