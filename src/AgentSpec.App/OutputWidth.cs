namespace AgentSpec.App;

/// <summary>
/// How many columns text output a person reads may use: the terminal's width when standard output is a terminal,
/// else $COLUMNS when it is a sane number, else <see cref="Default"/>; never fewer than <see cref="Minimum"/>.
/// JSON, Markdown and the compiler-format finding lines are never wrapped.
/// </summary>
internal static class OutputWidth
{
    /// <summary>The width of output that goes to a file, a pipe or CI, when $COLUMNS does not say otherwise.</summary>
    public const int Default = 100;

    /// <summary>The narrowest width honoured: below it a label and a value no longer share a line.</summary>
    public const int Minimum = 40;

    /// <summary>The widest $COLUMNS taken as meant; a larger number is a mistake and gets the default.</summary>
    private const int Maximum = 1000;

    /// <summary>The width for <paramref name="terminalColumns"/> (null: not a terminal) and the invocation's environment.</summary>
    public static int Decide(int? terminalColumns, Func<string, string?> environment)
    {
        if (terminalColumns is > 0 and <= Maximum)
        {
            return Math.Max(Minimum, terminalColumns.Value);
        }

        return int.TryParse(environment("COLUMNS"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var columns)
            && columns is > 0 and <= Maximum
            ? Math.Max(Minimum, columns)
            : Default;
    }
}
