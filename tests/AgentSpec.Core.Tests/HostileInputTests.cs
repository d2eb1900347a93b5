using System.Linq;
using System.Text;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>"Never crash, always point at the line": malformed, huge, deep, odd-encoded and adversarial files.</summary>
    public class HostileInputTests
    {
        [Theory]
        [InlineData("version: 1\ngroups:\n\t- id: main\n", 3, 1)]
        [InlineData("version: 1\ngroups:\n  - id: main\n\t folder: x\n", 4, 1)]
        [InlineData("version: 1\ngroups:\n  - id: main\n    mounts:\n\t\t- hostPath: ~/x\n", 5, 1)]
        public void Tab_indentation_points_at_the_tab(string text, int line, int column)
        {
            var f = AssertSingle(text, "AGS0001", line, column);
            Assert.Contains("tabs", f.Message);
        }

        [Fact]
        public void Tab_after_a_key_is_fine() =>
            AssertClean(Yaml.Head.Replace("version: 1", "version:\t1"));

        [Fact]
        public void Unclosed_double_quote() =>
            AssertSingle("version: 1\ndefaults:\n  image: \"img\ngroups: []\n", "AGS0001", 3, 10);

        [Fact]
        public void Unclosed_single_quote_at_the_end() =>
            AssertSingle(Yaml.Head + "    name: 'Main\n", "AGS0001", 8, 11);

        [Fact]
        public void Unclosed_flow_sequence() =>
            AssertSingle("version: 1\ngroups: [\n", "AGS0001", 3, 1);

        [Fact]
        public void Flow_mapping_continued_at_column_zero_is_a_syntax_error_not_a_crash() =>
            AssertSingle(Yaml.WithMounts("      - {\nhostPath: /srv/data, containerPath: data, readonly: true}\n"), "AGS0001", 10, 1);

        [Fact]
        public void Bad_indentation() =>
            AssertSingle("version: 1\ndefaults:\n  image: img\n groups: []\n", "AGS0001", 4, 2);

        [Fact]
        public void Character_that_cannot_start_a_token() =>
            AssertSingle("version: 1\ngroups: %x\n", "AGS0001", 2, 9);

        [Fact]
        public void Duplicate_top_level_key()
        {
            var f = AssertSingle("version: 1\ndefaults:\n  image: img\nversion: 1\ngroups: []\n", "AGS0002", 4, 1);
            Assert.Contains("line 1", f.Message);
        }

        [Fact]
        public void Duplicate_mount_key() =>
            AssertSingle(Yaml.WithMounts("      - hostPath: ~/x\n        containerPath: x\n        hostPath: ~/y\n        readonly: true\n"), "AGS0002", 11, 9);

        [Fact]
        public void Explicit_key_overrides_a_merged_key_without_a_duplicate_report() =>
            AssertClean("version: 1\nx-m: &m {hostPath: ~/a, containerPath: a, readonly: true}\n" + Yaml.Head.Substring("version: 1\n".Length) + "    mounts:\n      - <<: *m\n        containerPath: b\n      - <<: *m\n");

        [Fact]
        public void Billion_laughs_is_refused_at_the_alias_that_passes_the_budget()
        {
            var text = new StringBuilder("version: 1\nx-a: &a [x,x,x,x,x,x,x,x,x,x]\n");
            for (var c = 'b'; c <= 'j'; c++)
            {
                var previous = (char)(c - 1);
                text.Append($"x-{c}: &{c} [").Append(string.Join(",", Enumerable.Repeat($"*{previous}", 10))).Append("]\n");
            }

            text.Append("groups: []\n");
            var result = Compile(text.ToString());
            var f = Assert.Single(result.Findings);
            AssertAt(f, "AGS0005", 8, 13, Describe(result)); // x-g's second *f passes 2,000,000 nodes
            Assert.Contains("anchors and aliases", f.Message);
        }

        [Fact]
        public void Aliases_in_a_long_chain_of_mappings_are_refused_too()
        {
            var text = new StringBuilder("version: 1\nx-0: &a0 {k: v}\n");
            for (var i = 1; i <= 30; i++)
            {
                text.Append($"x-{i}: &a{i} {{l: *a{i - 1}, r: *a{i - 1}}}\n");
            }

            text.Append("groups: []\n");
            Assert.Equal("AGS0005", Assert.Single(Compile(text.ToString()).Findings).Id);
        }

        /// <summary>About 7 s; mutation runs use the fast variant below.</summary>
        [Fact]
        [Trait(Speed.Trait, Speed.Slow)]
        public void Twenty_thousand_groups_compile_without_error() => ManyGroupsCompile(20_000);

        [Fact]
        [Trait(Speed.Trait, Speed.FastVariant)]
        public void Many_groups_compile_without_error_fast() => ManyGroupsCompile(500);

        private static void ManyGroupsCompile(int count)
        {
            var text = new StringBuilder("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n");
            for (var i = 1; i < count; i++)
            {
                text.Append($"  - id: g{i}\n    folder: f{i}\n    mounts:\n      - {{hostPath: ~/data/{i}, containerPath: data, readonly: true}}\n");
            }

            var result = Compile(text.ToString());
            Assert.False(result.HasErrors, Describe(result));
            Assert.Equal(count, result.Plans.Count);
            var last = result.Plans[count - 1];
            AssertPlanShape(last);
            Assert.Equal($"g{count - 1}", last.Id);
            Assert.Equal(new[] { ("/workspace/extra/data", $"~/data/{count - 1}", true) }, last.Mounts.Operator.Select(m => (m.ContainerPath, m.HostSource, m.ReadOnly)));
        }

        [Fact]
        public void Very_long_scalar_is_refused() =>
            AssertSingle("version: 1\ndefaults:\n  image: " + new string('a', 16 * 1024 + 1) + "\ngroups: []\n", "AGS0005", 3, 10);

        [Fact]
        public void Scalar_at_the_limit_is_read() =>
            Assert.DoesNotContain(Compile("version: 1\nx-big: " + new string('a', 16 * 1024) + "\n" + Yaml.Head.Substring(11)).Findings, f => f.Id == "AGS0005");

        [Fact]
        public void Very_long_quoted_scalar_is_refused() =>
            AssertSingle(Yaml.Head + "    name: \"" + new string('n', 40_000) + "\"\n", "AGS0005", 8, 11);

        [Theory]
        [InlineData("version: 1\ngroups: []\n---\nversion: 1\n", 3, 1)]
        [InlineData("---\nversion: 1\ngroups: []\n---\ngroups: []\n", 4, 1)]
        public void Multiple_documents(string text, int line, int column) =>
            AssertSingle(text, "AGS0003", line, column);

        [Fact]
        public void One_explicit_document_is_fine() =>
            AssertClean("---\n" + Yaml.Head + "...\n");

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("\n\n\n")]
        [InlineData("# just a comment\n")]
        [InlineData("# one\n\n   # two\n")]
        [InlineData("\r\n\r\n")]
        [InlineData("---\n")]
        [InlineData("~\n")]
        [InlineData("\uFEFF")]
        public void Empty_or_comment_only_file(string text) => AssertSingle(text, "AGS0004", 1, 1);

        [Fact]
        public void Byte_order_mark_at_the_start_is_not_an_error() => AssertClean("\uFEFF" + Yaml.Head);

        [Fact]
        public void Byte_order_mark_keeps_locations_right()
        {
            AssertSingle("\uFEFF" + Yaml.Head.Replace("id: main", "id: Main"), "AGS0405", 5, 9);
            AssertSingle("\uFEFFversion: 2\ngroups: []\n", "AGS0105", 1, 11); // the BOM is a character of line 1
            AssertSingle("\uFEFFgrups: []\nversion: 1\ngroups: []\n", "AGS0101", 1, 2);
        }

        [Fact]
        public void Byte_order_mark_inside_a_value_is_refused() =>
            AssertSingle(Yaml.Head.Replace("folder: main", "folder: ma\uFEFFin"), "AGS0501", 6, 13);

        public static TheoryData<string> LocatedSamples => new()
        {
            Yaml.WithMounts(Yaml.Mount("~/.ssh", "x"), Yaml.Mount("~/y", "/workspace/agent")),
            Yaml.WithMounts("      - source: ~/x\n        target: /x\n"),
            Yaml.WithSecondGroup("  - id: main\n    folder: MAIN\n    main: true\n"),
            "version: 1\ngroups:\n\t- id: main\n",
            "version: 1\ndefaults:\n  image: \"img\ngroups: []\n",
            Yaml.WithMounts(Yaml.Mount("~/x", "x", null), "      - {hostPath: ~/y, containerPath: y}\n"),
            "version: 1\ngroups: []\n---\n",
            "\uFEFF" + Yaml.Head + "    env:\n      HOME: /root\n",
            Yaml.Head + "    mounts:\n      - hostPath: |\n          ~/.aws\n        containerPath: >-\n          folded\n        readonly: true\n",
        };

        [Theory]
        [MemberData(nameof(LocatedSamples))]
        public void Crlf_line_endings_give_the_same_locations(string lf)
        {
            var crlf = lf.Replace("\n", "\r\n");
            var a = Compile(lf).Findings.Select(f => (f.Id, f.Span.StartLine, f.Span.StartColumn, f.Span.EndLine, f.Span.EndColumn)).ToArray();
            var b = Compile(crlf).Findings.Select(f => (f.Id, f.Span.StartLine, f.Span.StartColumn, f.Span.EndLine, f.Span.EndColumn)).ToArray();
            Assert.NotEmpty(a);
            Assert.Equal(a, b);
        }

        [Fact]
        public void Crlf_file_compiles_to_the_same_plans() =>
            Assert.Equal(AssertClean(Yaml.Example).Plans, AssertClean(Yaml.Example.Replace("\r\n", "\n").Replace("\n", "\r\n")).Plans);

        [Theory]
        [InlineData('\0', "NUL")]
        [InlineData('\u0001', "control")]
        [InlineData('\u001B', "control")]
        [InlineData('\u007F', "control")]
        [InlineData('\u009B', "control")]
        public void Raw_control_characters_point_at_the_character(char c, string name)
        {
            var f = AssertSingle(Yaml.Head.Replace("id: main", "id: ma" + c + "in"), "AGS0501", 5, 11);
            Assert.Contains(name, f.Message);
        }

        [Fact]
        public void Raw_control_character_in_a_comment_is_refused_too() =>
            AssertSingle(Yaml.Head + "# note\0\n", "AGS0501", 8, 7);

        [Fact]
        public void Escaped_control_character_in_a_quoted_value_is_refused() =>
            AssertSingle(Yaml.Head.Replace("id: main", "id: \"ma\\x01in\""), "AGS0501", 5, 9);

        [Theory]
        [InlineData("\u202E")]
        [InlineData("\u200B")]
        [InlineData("\u2066")]
        [InlineData("\u200F")]
        public void Bidi_and_zero_width_characters_in_ids_folders_and_paths(string c)
        {
            AssertSingle(Yaml.Head.Replace("id: main", "id: ma" + c + "in"), "AGS0501", 5, 9);
            AssertSingle(Yaml.Head.Replace("folder: main", "folder: ma" + c + "in"), "AGS0501", 6, 13);
            AssertSingle(Yaml.WithMounts(Yaml.Mount("~/pro" + c + "jects", "x")), "AGS0501", 9, 19);
            AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "no" + c + "tes")), "AGS0501", 10, 24);
            AssertSingle(Yaml.Head + "    env:\n      LOG" + c + ": x\n", "AGS0501", 9, 7);
        }

        [Fact]
        public void Bidi_override_hiding_a_blocked_path_is_refused() =>
            AssertSingle(Yaml.WithMounts(Yaml.Mount("~/hss.\u202E/x", "x")), "AGS0501", 9, 19);

        [Theory]
        [InlineData("- a\n- b\n", "a list")]
        [InlineData("hello\n", "a string")]
        [InlineData("42\n", "an integer")]
        [InlineData("[version, groups]\n", "a list")]
        public void Root_must_be_a_mapping(string text, string kind)
        {
            var f = AssertSingle(text, "AGS0103", 1, 1);
            Assert.Contains(kind, f.Message);
        }

        [Fact]
        public void Deep_flow_nesting_is_refused() =>
            AssertSingle("version: 1\ngroups: " + new string('[', 100) + new string(']', 100) + "\n", "AGS0005", 2, 72);

        [Fact]
        public void Deep_block_nesting_is_refused()
        {
            var text = new StringBuilder("version: 1\nx-deep:");
            for (var i = 0; i < 100; i++)
            {
                text.Append('\n').Append(' ', 2 * i + 2).Append("a:");
            }

            text.Append(" 1\ngroups: []\n");
            var f = AssertSingle(text.ToString(), "AGS0005", 66, 129);
            Assert.Contains("64 levels", f.Message);
        }

        [Fact]
        public void Extremely_deep_nesting_does_not_overflow_the_stack() =>
            AssertSingle("version: 1\ngroups: " + new string('[', 200_000) + new string(']', 200_000) + "\n", "AGS0005", 2, 72);

        [Fact]
        public void Nesting_within_the_limit_is_read() =>
            AssertSingle("version: 1\ngroups: []\ndeep: " + new string('[', 60) + new string(']', 60) + "\n", "AGS0101", 3, 1);

        [Fact]
        public void Unknown_anchor()
        {
            var f = AssertSingle("version: 1\ngroups: *nope\n", "AGS0001", 2, 9);
            Assert.Contains("*nope", f.Message);
        }

        [Fact]
        public void Alias_used_before_its_anchor() =>
            AssertSingle("version: 1\nx-a: *later\nx-b: &later 1\ngroups: []\n", "AGS0001", 2, 6);

        [Fact]
        public void Merge_key_that_is_not_a_mapping_points_at_the_merge_key() =>
            AssertSingle("version: 1\nx-a: &a 5\ngroups:\n  - <<: *a\n    id: main\n", "AGS0001", 4, 5);

        [Fact]
        public void Complex_key_is_refused() =>
            AssertSingle("version: 1\n? [a]\n: b\ngroups: []\n", "AGS0001", 2, 3);

        [Theory]
        [InlineData("version: 1\ngroups: []\nx: \uD800\n")]
        [InlineData("version: 1\ngroups: []\nx: \uDC00\uD800\n")]
        [InlineData("version: 1\ngroups: []\nx: \uFFFF\n")]
        [InlineData("version: 1\ngroups: []\nx: \"\\uD800\"\n")]
        [InlineData("version: 1\ngroups: []\nx: !!binary AAAA\n")]
        [InlineData("%YAML 1.2\n%TAG ! tag:x,2000:\n---\nversion: 1\ngroups: []\n")]
        [InlineData("version: 1\ngroups: []\n? x\n")]
        [InlineData("version: 1\ngroups: []\n: x\n")]
        [InlineData("version: 1\n&a groups: []\n")]
        [InlineData("version: 1\ngroups: [] # \u202E comment\n")]
        [InlineData("version: 1e999\ngroups: []\n")]
        [InlineData("version: -0\ngroups: []\n")]
        [InlineData("version: 1\ngroups: [{id: a, folder: a, mounts: [{hostPath: ~/a, containerPath: a, readonly: !!str true}]}]\n")]
        public void Odd_but_survivable_inputs_never_crash(string text) => Compile(text);

        [Fact]
        public void Every_truncation_of_the_example_is_located()
        {
            var example = Yaml.Example;
            for (var length = 0; length <= example.Length; length += 7)
            {
                var result = Compile(example.Substring(0, length));
                Assert.True(!result.HasErrors || result.Findings.Any(f => f.IsError));
            }
        }
    }
}
