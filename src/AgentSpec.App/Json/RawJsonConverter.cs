using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>Writes <see cref="RawJson"/> verbatim (the text is JSON AgentSpec wrote itself); never read back.</summary>
internal sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("raw JSON is written, never read");

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Text);
}
