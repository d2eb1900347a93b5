using System.CommandLine;
using AgentSpec.Model;

namespace AgentSpec.App;

/// <summary>
/// Where plan and audit take their plans from: the groups compiled into this binary (<see cref="Plans"/>), or any
/// groups.yaml named on the command line, compiled on the spot with the build's rules. Running containers stays with
/// the compiled groups only.
/// </summary>
internal static class PlanSources
{
    /// <summary>[GROUP] [FILE] in either order: a word with '.' or '/' is a file (group ids never have either).</summary>
    public static Argument<string[]> Arguments(string groupDescription) =>
        new("group-or-file")
        {
            Description = groupDescription + " A groups.yaml path (anything with '.' or '/', or '-' for standard input) shows that file's groups instead of the compiled ones.",
            Arity = new ArgumentArity(0, 2),
        };

    public static Option<string?> FileOption() =>
        new("--file") { Description = "Read the groups from this groups.yaml instead of the ones compiled into agentspec ('-' for standard input)." };

    public static IReadOnlyList<GroupPlan> Select(CliContext context, ParseResult parse, Argument<string[]> arguments, Option<string?> fileOption)
    {
        string? group = null;
        var file = parse.GetValue(fileOption);
        foreach (var value in parse.GetValue(arguments) ?? [])
        {
            if (IsFile(value))
            {
                if (file is not null)
                {
                    throw new CliException($"two groups.yaml files given ('{file}' and '{value}'); plan and audit read one", ExitCodes.Usage);
                }

                file = value;
            }
            else if (group is not null)
            {
                throw new CliException($"two groups given ('{group}' and '{value}'); give one group id, or none for all groups", ExitCodes.Usage);
            }
            else
            {
                group = value;
            }
        }

        if (file is null)
        {
            return context.Plans.Select(group);
        }

        var text = GroupsFiles.Read(context, file);
        var (result, findings) = GroupsFiles.Compile(context, text);
        if (findings.Any(f => f.IsError))
        {
            foreach (var finding in findings)
            {
                context.Error.WriteLine(finding.Format(text.DisplayName));
            }

            throw new CliException($"{text.DisplayName} does not compile ({findings.Count(f => f.IsError)} error(s) above), so it has no plans; fix it (agentspec check {text.DisplayName}) first");
        }

        if (group is null)
        {
            return result.Plans.AsImmutableArray();
        }

        return result.Plans.FirstOrDefault(p => p.Id == group) is { } plan
            ? [plan]
            : throw new CliException($"no group '{group}' in {text.DisplayName}; its groups: {string.Join(", ", result.Plans.Select(p => p.Id))}", ExitCodes.Usage);
    }

    private static bool IsFile(string value) => value == GroupsFiles.Stdin || value.Contains('.') || value.Contains('/');
}
