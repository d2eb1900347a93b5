namespace AgentSpec.App.Json;

/// <summary>A file the import wrote (or left alone): its path (null when none) and what was done.</summary>
internal sealed record ImportFileJson(string? Path, string Action);
