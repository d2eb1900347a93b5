using System.Text;
using System.Text.Json;

namespace AgentSpec.App;

/// <summary>Writes one indented JSON document to a text writer (Utf8JsonWriter: no reflection, trim-safe).</summary>
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
}
