using AgentSpec.Model;

namespace AgentSpec.App;

/// <summary>The compiled plans (handed to <see cref="AgentSpecApp.RunAsync"/> by the host program, kept by the invocation's <see cref="CliContext"/>) and how commands pick from them.</summary>
internal sealed class Plans(IReadOnlyList<GroupPlan> all, string sourceFile)
{
    /// <summary>The file the plans were compiled from, for messages.</summary>
    public string SourceFile { get; } = sourceFile;

    public IReadOnlyList<GroupPlan> All { get; } = all;

    public GroupPlan Get(string id) =>
        All.FirstOrDefault(p => p.Id == id) ?? throw new CliException(
            $"no group '{id}' in the compiled {SourceFile}{DidYouMean(id)}; known groups: {string.Join(", ", All.Select(p => p.Id))}",
            ExitCodes.Usage);

    private string DidYouMean(string id) =>
        AgentSpec.Core.Yaml.Suggest.Nearest(id, All.Select(p => p.Id)) is { } near ? $" (did you mean '{near}'?)" : string.Empty;

    /// <summary>One group when an id is given, else all.</summary>
    public IReadOnlyList<GroupPlan> Select(string? id) => id is null ? All : [Get(id)];

    /// <summary>The plan with another image (`--image`), refused with exit 2 before any engine call unless it is a Docker image reference (AGS0414).</summary>
    public static GroupPlan WithImage(GroupPlan plan, string? image) =>
        image is null ? plan
        : AgentSpec.Core.Checks.ImageReference.Refusal(image) is { } refusal ? throw new CliException("--image: " + refusal, ExitCodes.Usage)
        : plan with { Image = image };

    public static string Expand(Mount mount, GroupPlan plan, string? dataRoot) =>
        mount.IsHostManaged && !mount.IsTmpfs && dataRoot is not null
            ? HostManagedMounts.Resolve(mount.HostSource, Path.GetFullPath(dataRoot), plan.Id, plan.Folder)
            : mount.HostSource;
}
