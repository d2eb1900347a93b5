namespace AgentSpec.App.Import;

/// <summary>One group as the import writes it: <see cref="Skills"/> null is <c>all</c>; <see cref="Image"/> null is the default image.</summary>
internal sealed record ImportedGroup(string Id, string Name, string Folder, bool Main, IReadOnlyList<string>? Skills, string? Image,
    IReadOnlyList<ImportedMount> Mounts, ImportedAgent? Agent);
