namespace AgentSpec.App.Json;

/// <summary>The data root doctor checked, and whether group-init would create it.</summary>
internal sealed record DoctorDataRootJson(string Path, bool WillBeCreated);
