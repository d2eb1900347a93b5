using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using AgentSpec.Core.Yaml;

namespace AgentSpec.App;

/// <summary>
/// System.CommandLine's parse errors in the product's voice (issue 22): an unknown command or option with its
/// nearest spelling, a missing argument named with its choices, a value that is not a number without .NET type
/// names, and the help of the command that was meant. Built from the parse result's structure, not its texts.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The lines to print (each after "PROGRAM: "), then the hint line, or none when one line says it all.</summary>
    public static (IReadOnlyList<string> Problems, string? Hint) Describe(ParseResult parse, CliContext context)
    {
        var program = context.ProgramName;
        var command = parse.CommandResult.Command;
        var path = CommandPath(parse.CommandResult);
        var unknown = parse.UnmatchedTokens.Concat(Arguments.UnknownOptions(parse)).Distinct().ToList();
        var problems = new List<string>();
        if (command is RootCommand && unknown.FirstOrDefault(t => !t.StartsWith('-')) is { } word)
        {
            var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            return ([Suggest.Nearest(word, commands) is { } near
                ? $"unknown command '{word}'; did you mean '{near}'?"
                : $"unknown command '{word}'; the commands are {string.Join(", ", commands)} (see '{program} --help')"], null);
        }

        if (command is RootCommand && unknown.Count == 0 && parse.Errors.Count > 0)
        {
            problems.Add($"no command given; the commands are {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
        }

        foreach (var token in unknown)
        {
            problems.Add(token.StartsWith('-') ? UnknownOption(token, command, path) : $"unexpected argument '{token}' for {path}");
        }

        problems.AddRange(MissingArguments(parse, command, path, context, program));
        var handled = problems.Count > 0;
        foreach (var error in parse.Errors)
        {
            if (error.SymbolResult is OptionResult option && OptionValue(option) is { } value)
            {
                problems.Add(value);
            }
            else if (!(handled && error.SymbolResult is CommandResult or ArgumentResult { Parent: CommandResult } or null))
            {
                problems.Add(error.Message);
            }
        }

        return (problems, $"Run '{program}{(path.Length == 0 ? string.Empty : " " + path)} --help' for usage.");
    }

    private static string UnknownOption(string token, Command command, string path)
    {
        var names = command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
        var near = Suggest.Nearest(token, names);
        var where = path.Length == 0 ? string.Empty : $" for {path}";
        return near is null ? $"unknown option '{token}'{where}" : $"unknown option '{token}'{where}; did you mean '{near}'?";
    }

    private static IEnumerable<string> MissingArguments(ParseResult parse, Command command, string path, CliContext context, string program)
    {
        foreach (var argument in command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0))
        {
            if (parse.GetResult(argument) is { Tokens.Count: > 0 })
            {
                continue;
            }

            var what = argument.Description is { Length: > 0 } d ? $" ({d.TrimEnd('.').ToLowerInvariant()})" : string.Empty;
            var name = argument.Name.ToUpperInvariant();
            if (argument.Name == "group")
            {
                var ids = context.Plans.All.Select(p => p.Id).ToList();
                var example = ids.Count > 0 ? $", e.g. '{program} {path} {ids[0]}'" : string.Empty;
                yield return $"{path} needs a {name}{what}; known groups: {string.Join(", ", ids)}{example}";
            }
            else
            {
                yield return $"{path} needs a {name}{what}";
            }
        }
    }

    /// <summary>
    /// An option's value that is missing, not a number (said without System.Int32) or not one of its choices:
    /// what was given and what to write. Null for other problems, which keep the parser's text.
    /// </summary>
    private static string? OptionValue(OptionResult result)
    {
        var option = result.Option;
        var type = option.ValueType;
        var number = type == typeof(int) || type == typeof(long) ? "a whole number" : type == typeof(double) ? "a number" : null;
        var choices = option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        var given = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (number is not null)
        {
            var wanted = $"{number}, e.g. {option.Name} 10";
            return given is null ? $"{option.Name} needs a value: {wanted}" : $"{option.Name} '{given}' is not {number}; write {wanted}";
        }

        if (type == typeof(bool) || choices.Count == 0)
        {
            return given is null ? $"{option.Name} needs a value" : null;
        }

        var oneOf = $"one of {string.Join(", ", choices)}";
        return given is null ? $"{option.Name} needs a value: {oneOf}" : $"{option.Name} '{given}' is not {oneOf}";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c && c.Command is not RootCommand; r = r.Parent)
        {
            names.Insert(0, c.Command.Name);
        }

        return string.Join(' ', names);
    }
}
