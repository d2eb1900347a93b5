using System;
using System.Linq;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// The schema interpreter understands the keywords schemas/groups.schema.json uses and refuses any other, so a
    /// constraint added to the schema can never be silently not enforced by the build or by check.
    /// </summary>
    public class SchemaModelTests
    {
        [Fact]
        public void The_shipped_schema_loads()
        {
            var root = SchemaModel.Load(SchemaValidator.SchemaText);
            Assert.Equal(new[] { "version", "defaults", "policy", "groups" }, root.Properties.Select(p => p.Key));
            Assert.Same(SchemaModel.Forbidden, root.AdditionalProperties);
            Assert.Equal(new[] { "version", "groups" }, root.Required);
            var group = root.Property("groups")!.Items!.Actual;
            Assert.Equal(new[] { "id", "folder" }, group.Required);
            Assert.Equal(64, group.Property("id")!.MaxLength);
        }

        [Theory]
        [InlineData("\"pattern\": \"^[a-z]+$\",", "pattern")]
        [InlineData("\"minimum\": 16,", "minimum")]
        [InlineData("\"oneOf\": [],", "oneOf")]
        [InlineData("\"const\": 1,", "const")]
        public void A_keyword_the_interpreter_does_not_enforce_is_refused_when_the_schema_loads(string keyword, string name)
        {
            // Into the definition of 'id'.
            var text = SchemaValidator.SchemaText.Replace("\"minLength\": 1,\n          \"maxLength\": 64", keyword + "\n          \"minLength\": 1,\n          \"maxLength\": 64");
            Assert.NotEqual(SchemaValidator.SchemaText, text);
            var error = Assert.Throws<InvalidOperationException>(() => SchemaModel.Load(text));
            Assert.Contains($"the keyword '{name}' is not understood", error.Message);
            Assert.Contains("#/definitions/group/properties/id/" + name, error.Message);
        }

        [Fact]
        public void A_reference_to_a_missing_definition_is_refused()
        {
            var text = SchemaValidator.SchemaText.Replace("\"#/definitions/mount\"", "\"#/definitions/mnt\"");
            var error = Assert.Throws<InvalidOperationException>(() => SchemaModel.Load(text));
            Assert.Contains("'#/definitions/mnt'", error.Message);
        }
    }
}
