using System.Linq;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// YAML the parser refuses, and values of the wrong type, in the product's voice (issue 22): which line is off and
    /// how to indent it, instead of YamlDotNet's "did not find expected '-' indicator"; the fix for `PORT: 8080` and
    /// `version: "1"`; and one root cause reported once.
    /// </summary>
    public class YamlMessageTests
    {
        private const string Head = "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n";

        private static string Syntax(string text) => Assert.Single(Compile(text).Findings, f => f.Id == "AGS0001").Message;

        [Fact]
        public void A_key_indented_one_space_short_names_its_line_and_column()
        {
            var message = Syntax(Head + "  - id: main\n    folder: main\n   main: true\n");
            Assert.Equal("groups.yaml is not valid YAML: line 7 is indented 3 spaces, which lines up with no keys above it; indent it 4 spaces like line 6", message);
        }

        [Fact]
        public void A_key_at_the_column_of_the_list_items_is_told_how_to_belong_to_one()
        {
            var message = Syntax(Head + "  - id: main\n    folder: main\n  main: true\n");
            Assert.Equal(
                "groups.yaml is not valid YAML: line 7 starts at the column of the list items above it (line 5 starts with '- '); "
                + "indent it 4 spaces to belong to that item, or start it with '- ' for a new item",
                message);
        }

        [Fact]
        public void A_key_indented_one_space_too_far_inside_a_mount_names_its_line()
        {
            var message = Syntax(Head + "  - id: main\n    folder: main\n    mounts:\n      - hostPath: ~/projects/code\n         containerPath: code\n");
            Assert.Equal("groups.yaml is not valid YAML: line 9 is indented 9 spaces, which lines up with no keys above it; indent it 8 spaces like line 8", message);
        }

        [Fact]
        public void A_list_item_off_by_one_names_the_items_column()
        {
            var message = Syntax(Head + "  - id: main\n    folder: main\n    main: true\n - id: research\n   folder: research\n");
            Assert.Equal("groups.yaml is not valid YAML: line 8 is indented 1 space, which lines up with no list items above it; indent it 2 spaces like line 5", message);
        }

        [Fact]
        public void A_number_where_text_belongs_says_to_quote_it() =>
            Assert.Equal(
                "'PORT' must be a string, not an integer (8080); quote it to mean the text: PORT: \"8080\"",
                AssertSingle(Head + "  - id: main\n    folder: main\n    main: true\n    env:\n      PORT: 8080\n", "AGS0103", 9, 13).Message);

        [Fact]
        public void A_quoted_version_says_to_write_the_number() =>
            Assert.Equal(
                "'version' must be an integer, not the string '1'; remove the quotes: version: 1",
                AssertSingle("version: \"1\"\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "AGS0103", 1, 10).Message);

        [Fact]
        public void A_main_value_that_is_an_error_is_not_also_a_missing_main_warning()
        {
            var findings = Compile(Head + "  - id: main\n    folder: main\n    main: yes\n").Findings;
            Assert.Equal(["AGS0103"], findings.Select(f => f.Id).ToArray());
        }

        [Fact]
        public void Without_any_main_key_the_missing_main_warning_stays()
        {
            var findings = Compile(Head + "  - id: main\n    folder: main\n").Findings;
            Assert.Contains(findings, f => f.Id == "AGS0409");
        }

        [Fact]
        public void A_refused_mount_gets_no_readonly_not_stated_info_on_top()
        {
            var findings = Compile(Head + "  - id: main\n    folder: main\n    main: true\n    mounts:\n      - hostPath: ~/.ssh\n        containerPath: keys\n").Findings;
            Assert.Equal(["AGS0302"], findings.Select(f => f.Id).ToArray());
        }

        [Fact]
        public void A_usable_mount_without_readonly_still_gets_the_info()
        {
            var findings = Compile(Head + "  - id: main\n    folder: main\n    main: true\n    mounts:\n      - hostPath: ~/projects\n        containerPath: code\n").Findings;
            Assert.Equal(["AGS0601"], findings.Select(f => f.Id).ToArray());
        }
    }
}
