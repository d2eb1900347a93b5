namespace AgentSpec.App.Json;

/// <summary>One session of a group in `sessions --json` (schemas/sessions.schema.json); lastUsed in UTC, to the second.</summary>
internal sealed record SessionJson(string Group, string Session, string LastUsed, long SizeBytes, bool Running);
