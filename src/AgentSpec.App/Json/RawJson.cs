using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>A JSON value written exactly as <paramref name="Text"/> holds it (the allowlist doctor suggests, as the file would have it).</summary>
[JsonConverter(typeof(RawJsonConverter))]
internal sealed record RawJson(string Text);
