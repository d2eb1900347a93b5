using AgentSpec.Model;

namespace AgentSpec.App;

internal static class Arguments
{
    /// <summary>The optional GROUP argument of plan and audit.</summary>
    public static System.CommandLine.Argument<string?> OptionalGroup(string description) =>
        new("group") { Description = description, Arity = System.CommandLine.ArgumentArity.ZeroOrOne };

    /// <summary>The tokens after the first '--' (the container command); empty without one.</summary>
    public static IReadOnlyList<string> AfterDoubleDash(System.CommandLine.ParseResult parse)
    {
        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            if (parse.Tokens[i].Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                return parse.Tokens.Skip(i + 1).Select(t => t.Value).ToList();
            }
        }

        return [];
    }

    /// <summary>
    /// Tokens such as '--bogus' that the parser handed to a command's argument (a group, a file, the container
    /// command) although they came before any '--': they are unknown options, a usage error, not a group id, a
    /// file name or a command to run. After '--' everything is an argument.
    /// </summary>
    public static IEnumerable<string> UnknownOptions(System.CommandLine.ParseResult parse)
    {
        var doubleDash = -1;
        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            if (parse.Tokens[i].Type == System.CommandLine.Parsing.TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }

        var beforeDoubleDash = doubleDash < 0 ? parse.Tokens : parse.Tokens.Take(doubleDash).ToList();
        var argumentTokens = parse.CommandResult.Children
            .OfType<System.CommandLine.Parsing.ArgumentResult>()
            .SelectMany(a => a.Tokens)
            .ToList();
        return beforeDoubleDash
            .Where(t => t.Value.Length > 1 && t.Value.StartsWith('-') && argumentTokens.Any(a => ReferenceEquals(a, t)))
            .Select(t => t.Value);
    }
}
