namespace AgentSpec.App.Json;

/// <summary>One group's mount of a shared folder.</summary>
internal sealed record SharedFolderUseJson(string Group, string Mount, string Mode);
