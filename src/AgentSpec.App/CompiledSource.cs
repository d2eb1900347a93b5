using System.Reflection;

namespace AgentSpec.App;

/// <summary>
/// The groups file the host program was compiled from, as its build recorded it (the generator writes
/// <c>[assembly: AssemblyMetadata("AgentSpec.GroupsFile", "groups.yaml")]</c>, relative to the project folder):
/// what the build really compiled, whatever AgentSpecGroupsFile the MSBuild files set.
/// </summary>
internal static class CompiledSource
{
    /// <summary>The AssemblyMetadata key; the generator's PlanEmitter.SourcePathKey.</summary>
    public const string Key = "AgentSpec.GroupsFile";

    private static readonly Lazy<string?> Recorded = new(() =>
        Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == Key)?.Value);

    /// <summary>"groups.yaml", "../../groups.yaml", or null when the entry assembly records none.</summary>
    public static string? Path => Recorded.Value;
}
