using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>Writes <see cref="SkillsJson"/> as "all" or as an array of names; skills are never read back.</summary>
internal sealed class SkillsJsonConverter : JsonConverter<SkillsJson>
{
    public override SkillsJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("skills are written, never read");

    public override void Write(Utf8JsonWriter writer, SkillsJson value, JsonSerializerOptions options)
    {
        if (value.Only is null)
        {
            writer.WriteStringValue("all");
            return;
        }

        writer.WriteStartArray();
        foreach (var skill in value.Only)
        {
            writer.WriteStringValue(skill);
        }

        writer.WriteEndArray();
    }
}
