using System.Text.Json.Serialization;

namespace AgentSpec.Runtime;

/// <summary>
/// Source-generated JSON for what the runtime writes as JSON lines (no reflection, NativeAOT-safe): one compact object
/// per line, camelCase names, nulls written, the default (escaping) encoder.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GatewayEventJson))]
[JsonSerializable(typeof(GatewayNoticeJson))]
internal sealed partial class RuntimeJson : JsonSerializerContext
{
}
