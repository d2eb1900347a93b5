namespace AgentSpec.App.Json;

/// <summary>A note of the import: its kind, group (null for the whole host), subject, reason and line in groups.yaml (null when none).</summary>
internal sealed record ImportNoteJson(string Kind, string? Group, string Subject, string Reason, int? Line);
