using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AgentSpec.App;

/// <summary>Writes one indented JSON document to a text writer (Utf8JsonWriter or source-generated metadata: no reflection, trim-safe).</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            body(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>Writes <paramref name="value"/> through its source-generated metadata (Json/AppJson), then a line break.</summary>
    public static void Write<T>(TextWriter output, T value, JsonTypeInfo<T> type) => output.WriteLine(JsonSerializer.Serialize(value, type));
}
