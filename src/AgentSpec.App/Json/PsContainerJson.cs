namespace AgentSpec.App.Json;

/// <summary>One container of this install in `ps --json` (schemas/ps.schema.json).</summary>
internal sealed record PsContainerJson(string Id, string Name, string Group, string Session, string Run, string Image, string State, string Status);
