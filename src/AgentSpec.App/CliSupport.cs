using AgentSpec.Model;

namespace AgentSpec.Cli;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}

/// <summary>A refusal or failure with a message for the operator; never a stack trace.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

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

/// <summary>The compiled plans (handed to <see cref="AgentSpecApp.RunAsync"/> by the host program, kept by the invocation's <see cref="CliContext"/>) and how commands pick from them.</summary>
internal sealed class Plans(IReadOnlyList<GroupPlan> all, string sourceFile)
{
    /// <summary>The file the plans were compiled from, for messages.</summary>
    public string SourceFile { get; } = sourceFile;

    public IReadOnlyList<GroupPlan> All { get; } = all;

    public GroupPlan Get(string id) =>
        All.FirstOrDefault(p => p.Id == id) ?? throw new CliException(
            $"no group '{id}' in the compiled {SourceFile}; known groups: {string.Join(", ", All.Select(p => p.Id))}",
            ExitCodes.Usage);

    /// <summary>One group when an id is given, else all.</summary>
    public IReadOnlyList<GroupPlan> Select(string? id) => id is null ? All : [Get(id)];

    /// <summary>The plan with another image (`--image`), refused with exit 2 before any engine call unless it is a Docker image reference (AGS0414).</summary>
    public static GroupPlan WithImage(GroupPlan plan, string? image) =>
        image is null ? plan
        : AgentSpec.Checks.ImageReference.Refusal(image) is { } refusal ? throw new CliException("--image: " + refusal, ExitCodes.Usage)
        : plan with { Image = image };

    public static string Expand(Mount mount, GroupPlan plan, string? dataRoot) =>
        mount.IsHostManaged && !mount.IsTmpfs && dataRoot is not null
            ? HostManagedMounts.Resolve(mount.HostSource, Path.GetFullPath(dataRoot), plan.Id, plan.Folder)
            : mount.HostSource;
}
