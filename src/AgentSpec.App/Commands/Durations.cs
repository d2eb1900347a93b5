using System.Globalization;
using System.Text.RegularExpressions;

namespace AgentSpec.App.Commands;

/// <summary>The duration grammar of `run --timeout`: a whole number and a unit, 500ms, 90s, 30m or 1h.</summary>
internal static class Durations
{
    public const string Grammar = "a whole number and a unit: ms, s, m or h, e.g. 500ms, 90s, 30m or 1h";

    private static readonly Regex Pattern = new("^([0-9]{1,9})(ms|s|m|h)$", RegexOptions.CultureInvariant);

    /// <summary>The duration <paramref name="text"/> names; exit 2 saying the grammar when it is not one.</summary>
    public static TimeSpan Parse(string option, string text)
    {
        var match = Pattern.Match(text);
        if (!match.Success || long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) == 0)
        {
            throw new CliException($"{option} '{Shown(text)}' is not a duration; write {Grammar}", ExitCodes.Usage);
        }

        var n = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
    }

    private static string Shown(string text) => AgentSpec.Runtime.TerminalEscaper.Escape(text.Length > 40 ? text[..40] + "..." : text);
}
