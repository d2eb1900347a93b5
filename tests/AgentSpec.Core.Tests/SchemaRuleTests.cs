using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0101–AGS0105: the JSON Schema, mapped back to the YAML node, one diagnostic per mistake.</summary>
    public class SchemaRuleTests
    {
        [Fact]
        public void Valid_mount_is_clean() => AssertClean(Yaml.WithMounts(Yaml.Mount("~/x", "x")));

        [Fact]
        public void Misspelled_mount_key_suggests_the_right_one()
        {
            var f = AssertSingle(Yaml.WithMounts("      - hostPth: ~/x\n        containerPath: x\n        readonly: true\n"), "AGS0101", 9, 9);
            Assert.Contains("did you mean 'hostPath'?", f.Message);
        }

        [Fact]
        public void Misspelled_top_level_key_suggests_the_right_one()
        {
            var f = AssertSingle("version: 1\ndefaults: {image: img}\ngrups: []\ngroups: []\n", "AGS0101", 3, 1);
            Assert.Contains("did you mean 'groups'?", f.Message);
        }

        [Fact]
        public void Unknown_group_key_lists_the_allowed_keys()
        {
            var f = AssertSingle(Yaml.Head + "    colour: blue\n", "AGS0101", 8, 5);
            Assert.Contains("allowed keys are", f.Message);
        }

        [Fact]
        public void Extension_keys_are_allowed_at_the_top() => AssertClean("x-notes: anything\n" + Yaml.Head);

        [Theory]
        [InlineData("      - source: ~/x\n        target: /x\n        mode: ro\n", 9, "source")]
        [InlineData("      - type: bind\n        source: ~/x\n        target: /x\n        readonly: true\n", 9, "type")]
        [InlineData("      - hostPath: ~/x\n        target: /x\n", 10, "target")]
        [InlineData("      - src: ~/x\n        dst: x\n", 9, "src")]
        public void Docker_style_keys_give_one_hint(string mount, int line, string key)
        {
            var f = AssertSingle(Yaml.WithMounts(mount), "AGS0102", line, 9);
            Assert.Contains($"'{key}'", f.Message);
            Assert.Contains("hostPath", f.Message);
        }

        [Fact]
        public void Quoted_true_for_readonly_is_a_wrong_type()
        {
            var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "x", "\"true\"")), "AGS0103", 11, 19);
            Assert.Contains("remove the quotes", f.Message);
        }

        [Theory]
        [InlineData("yes")]
        [InlineData("no")]
        [InlineData("on")]
        public void Yaml11_boolean_for_readonly_is_a_wrong_type_with_a_hint(string value)
        {
            var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "x", value)), "AGS0103", 11, 19);
            Assert.Contains("write true or false", f.Message);
        }

        [Fact]
        public void Readonly_as_a_number_is_a_wrong_type() =>
            AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "x", "1")), "AGS0103", 11, 19);

        [Theory]
        [InlineData("      - ~/x:/x\n", 9, 9)]
        [InlineData("      - \"~/notes\"\n", 9, 9)]
        [InlineData("      - [~/x, x]\n", 9, 9)]
        public void Plain_string_where_a_mount_object_is_expected_is_one_wrong_type(string mount, int line, int column)
        {
            var f = AssertSingle(Yaml.WithMounts(mount), "AGS0103", line, column);
            Assert.Contains("mapping", f.Message);
        }

        [Fact]
        public void Null_mount_item_is_one_wrong_type() =>
            AssertSingle(Yaml.WithMounts("      -\n"), "AGS0103", 9, 8);

        [Fact]
        public void Plain_string_where_a_group_is_expected_is_one_wrong_type() =>
            AssertSingle("version: 1\ndefaults: {image: img}\ngroups:\n  - main\n", "AGS0103", 4, 5);

        [Fact]
        public void Map_where_the_mounts_list_is_expected_is_a_wrong_type()
        {
            var f = AssertSingle(Yaml.Head + "    mounts:\n      hostPath: ~/x\n      containerPath: x\n", "AGS0103", 9, 7);
            Assert.Contains("must be a list", f.Message);
        }

        [Fact]
        public void Map_where_the_groups_list_is_expected_is_a_wrong_type() =>
            AssertSingle("version: 1\ndefaults: {image: img}\ngroups:\n  id: main\n  folder: main\n", "AGS0103", 4, 3);

        [Fact]
        public void String_where_mounts_list_is_expected_is_a_wrong_type() =>
            AssertSingle(Yaml.Head + "    mounts: ~/x\n", "AGS0103", 8, 13);

        [Fact]
        public void Integer_group_id_is_a_wrong_type() =>
            AssertSingle(Yaml.Group(id: "5"), "AGS0103", 4, 9);

        [Fact]
        public void Env_value_must_be_a_string() =>
            AssertSingle(Yaml.Head + "    env:\n      RETRIES: 5\n", "AGS0103", 9, 16);

        [Fact]
        public void Skills_must_be_all_or_a_list() =>
            AssertSingle(Yaml.Head + "    skills: some\n", "AGS0103", 8, 13);

        [Fact]
        public void Skills_as_a_list_and_as_all_are_clean()
        {
            AssertClean(Yaml.Head + "    skills: all\n");
            AssertClean(Yaml.Head + "    skills: [web-search, summarize]\n");
        }

        [Fact]
        public void Missing_container_path_is_reported_at_the_mount() =>
            AssertSingle(Yaml.WithMounts("      - hostPath: ~/x\n        readonly: true\n"), "AGS0104", 9, 9);

        [Fact]
        public void Missing_host_path_is_reported_at_the_mount() =>
            AssertSingle(Yaml.WithMounts("      - containerPath: x\n        readonly: true\n"), "AGS0104", 9, 9);

        [Fact]
        public void Missing_group_folder_is_reported_at_the_group() =>
            AssertSingle("version: 1\ndefaults: {image: img}\ngroups:\n  - id: main\n    main: true\n", "AGS0104", 4, 5);

        [Fact]
        public void Missing_groups_is_reported_at_the_top() =>
            AssertSingle("version: 1\ndefaults: {image: img}\n", "AGS0104", 1, 1);

        [Fact]
        public void Missing_version_is_reported_at_the_top() =>
            AssertSingle("groups: []\n", "AGS0104", 1, 1);

        [Fact]
        public void Missing_key_of_a_merged_mapping_is_reported_at_the_mapping_not_at_the_anchor() =>
            AssertSingle(
                "version: 1\nx-shared: &shared {name: Shared}\ndefaults: {image: img}\ngroups:\n  - <<: *shared\n    folder: main\n    main: true\n",
                "AGS0104", 5, 5);

        [Theory]
        [InlineData("2")]
        [InlineData("0x1")]
        [InlineData("99999999999999999999999")]
        [InlineData("\"one\"")]
        public void Unsupported_version_is_one_diagnostic(string version)
        {
            var result = Compile($"version: {version}\ngroups: []\n");
            Assert.True(result.Findings.Count == 1, Describe(result));
            Assert.Contains(result.Findings[0].Id, new[] { "AGS0103", "AGS0105" });
            AssertAt(result.Findings[0], result.Findings[0].Id, 1, 10, Describe(result));
        }

        [Fact]
        public void Null_version_is_one_diagnostic() =>
            AssertSingle("version:\ngroups: []\n", "AGS0103", 1, 9);

        [Fact]
        public void Empty_image_is_an_invalid_value() =>
            AssertSingle("version: 1\ndefaults: {image: ''}\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "AGS0105", 2, 19);

        [Fact]
        public void Null_default_image_is_one_diagnostic() =>
            AssertSingle("version: 1\ndefaults:\n  image:\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "AGS0103", 3, 9);

        [Fact]
        public void Empty_group_id_is_one_diagnostic() =>
            AssertSingle(Yaml.Group(id: "''"), "AGS0105", 4, 9);

        [Fact]
        public void Empty_folder_is_one_diagnostic() =>
            AssertSingle(Yaml.Group(folder: "''"), "AGS0105", 5, 13);

        [Fact]
        public void Too_long_group_id_is_an_invalid_value() =>
            AssertSingle(Yaml.Group(id: new string('a', 65)), "AGS0105", 4, 9);
    }
}
