namespace AgentSpec.App.Json;

/// <summary>The Docker engine endpoint and whether it answered.</summary>
internal sealed record DoctorEngineJson(string Endpoint, bool Reachable);
