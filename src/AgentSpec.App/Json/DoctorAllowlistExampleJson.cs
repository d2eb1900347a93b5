namespace AgentSpec.App.Json;

/// <summary>An allowlist under which the groups would start: for which groups, notes, whether it replaces one, and its content as written.</summary>
internal sealed record DoctorAllowlistExampleJson(IReadOnlyList<string> For, IReadOnlyList<string> Notes, bool ReplacesExisting, RawJson Content);
