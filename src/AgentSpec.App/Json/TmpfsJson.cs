namespace AgentSpec.App.Json;

/// <summary>One scratch tmpfs of the container.</summary>
internal sealed record TmpfsJson(string Path, long SizeBytes, string Options);
