namespace AgentSpec.App.Json;

/// <summary>A host folder group-init would create for a mount.</summary>
internal sealed record DoctorToCreateJson(string Mount, string Path);
