namespace AgentSpec.App.Json;

/// <summary>An imported group and its operator mounts.</summary>
internal sealed record ImportGroupJson(string? Id, string? Name, bool Main, IReadOnlyList<ImportMountJson> Mounts);
