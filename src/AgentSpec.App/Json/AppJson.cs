using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>
/// Source-generated JSON for what the commands print with --json (no reflection, NativeAOT-safe). The options fix the
/// layout the hand-written writer had: indented by two spaces, camelCase names, nulls written (a property that is left
/// out when empty says so with its own <see cref="JsonIgnoreAttribute"/>), the default (escaping) encoder. Serialized into a
/// <see cref="System.Text.Json.Utf8JsonWriter"/> (run events), the writer's options decide the indentation.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PlanDocumentJson))]
[JsonSerializable(typeof(AuditDocumentJson))]
[JsonSerializable(typeof(DiffDocumentJson))]
[JsonSerializable(typeof(FindingsDocumentJson))]
[JsonSerializable(typeof(IReadOnlyList<PsContainerJson>))]
[JsonSerializable(typeof(IReadOnlyList<SessionJson>))]
[JsonSerializable(typeof(InitDocumentJson))]
[JsonSerializable(typeof(RunEventJson))]
[JsonSerializable(typeof(RefusedEventJson))]
[JsonSerializable(typeof(FailedEventJson))]
[JsonSerializable(typeof(OutputEventJson))]
[JsonSerializable(typeof(ImportReportJson))]
[JsonSerializable(typeof(DoctorDocumentJson))]
internal sealed partial class AppJson : JsonSerializerContext
{
}
