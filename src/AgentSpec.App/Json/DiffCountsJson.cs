namespace AgentSpec.App.Json;

/// <summary>How many changes of each effect a diff found (writeGrant: grants on read-write mounts).</summary>
internal sealed record DiffCountsJson(int Grant, int WriteGrant, int Revoke, int Neutral);
