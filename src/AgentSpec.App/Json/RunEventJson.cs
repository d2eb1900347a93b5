using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>
/// A runtime event of `run --json` (initialized, created, started, exited, stopped; schemas/run-events.schema.json): the
/// run's names always (null when not known yet), the rest only for the events that have them.
/// </summary>
internal sealed record RunEventJson(
    string Event,
    string? Group,
    string? Session,
    string? RunId,
    string? Container,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ContainerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExitCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Signal,
    long ElapsedMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? RanMs);
