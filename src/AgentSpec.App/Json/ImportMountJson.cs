namespace AgentSpec.App.Json;

/// <summary>An imported operator mount, with its container path as the container sees it.</summary>
internal sealed record ImportMountJson(string? HostPath, string ContainerPath, bool Readonly);
