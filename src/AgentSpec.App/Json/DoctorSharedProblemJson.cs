namespace AgentSpec.App.Json;

/// <summary>A host problem reported once, with the groups it stops.</summary>
internal sealed record DoctorSharedProblemJson(string Kind, string Reason, string Fix, IReadOnlyList<string> Affects);
