using System.Text.Json;
using Xunit;
using AgentSpec.Core;

namespace AgentSpec.Generators.Tests;

public class SchemaTests
{
    [Fact]
    public void The_generator_enforces_the_schema_it_was_built_with()
    {
        // The compiler assembly the generator loads (it ships next to it in analyzers/dotnet/cs) carries the schema.
        using var stream = typeof(GroupsCompiler).Assembly.GetManifestResourceStream("AgentSpec.groups.schema.json");
        Assert.NotNull(stream);
        var embedded = new StreamReader(stream!).ReadToEnd();
        var onDisk = File.ReadAllText(Path.Combine(Baselines.RepositoryRoot(), "schemas", "groups.schema.json"));

        // The build reads no schema from disk: editing schemas/ changes nothing until the generator is rebuilt with it.
        Assert.Equal(onDisk.ReplaceLineEndings(), embedded.ReplaceLineEndings());
    }

    [Fact]
    public void Every_object_in_the_schema_is_strict_and_described()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Baselines.RepositoryRoot(), "schemas", "groups.schema.json")));
        var objects = 0;
        Walk(schema.RootElement, "#");
        Assert.True(objects >= 5, $"only {objects} object schemas found");

        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object"
                && element.TryGetProperty("properties", out _))
            {
                objects++;
                Assert.True(element.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False, $"{path} allows unknown keys");
                foreach (var property in element.GetProperty("properties").EnumerateObject())
                {
                    var target = property.Value;
                    Assert.True(target.TryGetProperty("description", out _) || target.TryGetProperty("$ref", out _), $"{path}/{property.Name} has no description");
                }
            }

            foreach (var child in element.EnumerateObject())
            {
                Walk(child.Value, path + "/" + child.Name);
            }
        }
    }
}
