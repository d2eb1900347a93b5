namespace AgentSpec.App.Json;

/// <summary>"user": the declared user (null for the host default), where it comes from, and the one the container runs as.</summary>
internal sealed record UserJson(string? Declared, string Source, string Effective, long Uid, long Gid, string HostDefault);
