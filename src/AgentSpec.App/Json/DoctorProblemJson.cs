namespace AgentSpec.App.Json;

/// <summary>A problem that would stop a group's spawn; mount and containerPath null for one of the host (shared: listed under "shared" too).</summary>
internal sealed record DoctorProblemJson(string Kind, string? Mount, string? ContainerPath, string Reason, string Fix, bool Shared);
