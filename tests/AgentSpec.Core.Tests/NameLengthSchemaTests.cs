using System.IO;
using System.Text.Json;
using AgentSpec.Core.Checks;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// <see cref="GroupRules.MaxNameLength"/> (the rules' limit for group ids and folders, also what import uses) and the
    /// schema's maxLength for the same keys are one number: the schema as Core embeds it (the one the generator runs
    /// with) and as schemas/groups.schema.json holds it, so changing one without the other fails here.
    /// </summary>
    public class NameLengthSchemaTests
    {
        [Theory]
        [InlineData("id")]
        [InlineData("folder")]
        public void The_schema_maxLength_of_a_group_name_is_GroupRules_MaxNameLength(string key)
        {
            using var stream = typeof(GroupRules).Assembly.GetManifestResourceStream("AgentSpec.groups.schema.json");
            Assert.NotNull(stream);
            using var embedded = JsonDocument.Parse(stream!);
            using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Yaml.RepoRoot, "schemas", "groups.schema.json")));

            Assert.Equal(GroupRules.MaxNameLength, MaxLength(embedded, key));
            Assert.Equal(GroupRules.MaxNameLength, MaxLength(file, key));
        }

        private static int MaxLength(JsonDocument schema, string key) =>
            schema.RootElement.GetProperty("definitions").GetProperty("group").GetProperty("properties").GetProperty(key).GetProperty("maxLength").GetInt32();
    }
}
