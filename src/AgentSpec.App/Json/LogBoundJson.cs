namespace AgentSpec.App.Json;

/// <summary>The container log's driver and bound.</summary>
internal sealed record LogBoundJson(string Driver, int MaxFile, long MaxSizeBytes, long BoundBytes);
