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
    /// <summary>[GROUP...] [FILE] in any order: a word with '.' or '/' is a file (group ids never have either).</summary>
    public static Argument<string[]> Arguments(string groupDescription) =>
        new("group-or-file")
        {
            Description = groupDescription + " A groups.yaml path (anything with '.' or '/', or '-' for standard input) shows that file's groups instead of the compiled ones.",
            Arity = ArgumentArity.ZeroOrMore,
        };

    public static Option<string?> FileOption() =>
        new("--file") { Description = "Read the groups from this groups.yaml instead of the ones compiled into agentspec ('-' for standard input)." };

    public static IReadOnlyList<GroupPlan> Select(CliContext context, ParseResult parse, Argument<string[]> arguments, Option<string?> fileOption) =>
        Select(context, parse.GetValue(arguments) ?? [], parse.GetValue(fileOption)).Selected;

    /// <summary>
    /// The groups named (all when none) from the compiled plans or from the one groups.yaml among <paramref name="values"/>
    /// (or <paramref name="file"/>), and all the plans of that source (the installation a host check judges against).
    /// </summary>
    public static (IReadOnlyList<GroupPlan> Selected, IReadOnlyList<GroupPlan> All) Select(CliContext context, IEnumerable<string> values, string? file)
    {
        var groups = new List<string>();
        foreach (var value in values)
        {
            if (IsFile(value))
            {
                if (file is not null)
                {
                    throw new CliException($"two groups.yaml files given ('{file}' and '{value}'); plan, audit and doctor read one", ExitCodes.Usage);
                }

                file = value;
            }
            else if (!groups.Contains(value, StringComparer.Ordinal))
            {
                groups.Add(value);
            }
        }

        if (file is null)
        {
            return (groups.Count == 0 ? context.Plans.All : groups.Select(context.Plans.Get).ToList(), context.Plans.All);
        }

        var text = GroupsFiles.Read(context, file);
        var (result, findings) = GroupsFiles.Compile(context, text);
        if (findings.Any(f => f.IsError))
        {
            foreach (var finding in findings)
            {
                context.Error.WriteLine(context.Colours.Finding(finding.Format(text.DisplayName), toError: true));
            }

            throw new CliException($"{text.DisplayName} does not compile ({findings.Count(f => f.IsError)} error(s) above), so it has no plans; fix it (agentspec check {text.DisplayName}) first");
        }

        var all = result.Plans.AsImmutableArray();
        return (groups.Count == 0 ? all : groups.Select(g => InFile(all, g, text.DisplayName)).ToList(), all);
    }

    private static GroupPlan InFile(IReadOnlyList<GroupPlan> plans, string group, string displayName) =>
        plans.FirstOrDefault(p => p.Id == group) ?? throw new CliException(
            $"no group '{group}' in {displayName}{(AgentSpec.Core.Yaml.Suggest.Nearest(group, plans.Select(p => p.Id)) is { } near ? $" (did you mean '{near}'?)" : string.Empty)}; "
            + $"its groups: {string.Join(", ", plans.Select(p => p.Id))}",
            ExitCodes.Usage);

    private static bool IsFile(string value) => value == GroupsFiles.Stdin || value.Contains('.') || value.Contains('/');
}
