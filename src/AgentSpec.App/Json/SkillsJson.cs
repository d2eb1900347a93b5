using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>"skills": the string "all" (<paramref name="Only"/> null) or the list of skill names.</summary>
[JsonConverter(typeof(SkillsJsonConverter))]
internal sealed record SkillsJson(IReadOnlyList<string>? Only);
