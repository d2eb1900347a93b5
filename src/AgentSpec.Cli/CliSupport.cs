using AgentSpec.Generated;
using AgentSpec.Model;

namespace AgentSpec.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;
}

/// <summary>A refusal or failure with a message for the operator; never a stack trace.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

public static class Arguments
{
    /// <summary>The GROUP argument. A token such as '--bogus' is an unknown option, not a group id.</summary>
    public static System.CommandLine.Argument<string?> OptionalGroup(string description)
    {
        var argument = new System.CommandLine.Argument<string?>("group") { Description = description, Arity = System.CommandLine.ArgumentArity.ZeroOrOne };
        argument.Validators.Add(result =>
        {
            var value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is not null && value.StartsWith('-'))
            {
                result.AddError($"unknown option '{value}'");
            }
        });
        return argument;
    }
}

/// <summary>The compiled plans and how commands pick from them.</summary>
public static class Plans
{
    public static IReadOnlyList<GroupPlan> All => CompiledGroups.All;

    public static GroupPlan Get(string id) =>
        CompiledGroups.Find(id) ?? throw new CliException(
            $"no group '{id}' in the compiled {CompiledGroups.SourceFile}; known groups: {string.Join(", ", All.Select(p => p.Id))}",
            ExitCodes.Usage);

    /// <summary>One group when an id is given, else all.</summary>
    public static IReadOnlyList<GroupPlan> Select(string? id) => id is null ? All : [Get(id)];

    public static string Expand(Mount mount, GroupPlan plan, string? dataRoot) =>
        mount.IsHostManaged && dataRoot is not null
            ? HostManagedMounts.Resolve(mount.HostSource, Path.GetFullPath(dataRoot), plan.Id, plan.Folder)
            : mount.HostSource;
}
