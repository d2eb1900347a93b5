namespace AgentSpec.App.Json;

/// <summary>A host folder more than one group mounts, in `audit --json`.</summary>
internal sealed record SharedFolderJson(string HostPath, bool Written, IReadOnlyList<SharedFolderUseJson> Uses);
