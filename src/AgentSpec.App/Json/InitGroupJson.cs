namespace AgentSpec.App.Json;

/// <summary>A group's folders and files that group-init created (nothing when they were all there).</summary>
internal sealed record InitGroupJson(string Id, IReadOnlyList<string> Created);
