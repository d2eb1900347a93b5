using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>"timezone": the TZ a run passes (null when none) and where it comes from.</summary>
internal sealed record TimezoneJson([property: JsonPropertyName("TZ")] string? Tz, string Source);
