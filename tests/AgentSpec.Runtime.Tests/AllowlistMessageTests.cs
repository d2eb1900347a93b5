using System;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Allowlist JSON that System.Text.Json refuses is reported in the product's voice (issue 22): the 1-based line,
    /// what is wrong and what to write, never the parser's own text ("LineNumber: 1 | BytePositionInLine").
    /// </summary>
    public sealed class AllowlistMessageTests
    {
        private static string Refusal(string json) =>
            Assert.Throws<RuntimeError>(() => MountAllowlist.Parse(json, "test.json")).Message;

        [Fact]
        public void A_line_comment_is_named_with_its_real_line_and_the_fix()
        {
            var message = Refusal("{\n  // my folders\n  \"allowedRoots\": []\n}\n");

            Assert.Contains(
                "  - line 2: a comment ('//'); JSON has no comments, so remove it (a note about a root belongs in its \"description\")",
                message,
                StringComparison.Ordinal);
            Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
            Assert.DoesNotContain("is invalid after", message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_trailing_comma_is_named_with_its_line_and_every_one_is_listed()
        {
            var message = Refusal("{\n  \"allowedRoots\": [\n    { \"path\": \"~/p\", \"allowReadWrite\": true },\n  ],\n  \"nonMainReadOnly\": true,\n}\n");

            Assert.Contains("  - line 3: a comma after the last entry, before ']'; JSON allows none there, so remove that comma", message, StringComparison.Ordinal);
            Assert.Contains("  - line 5: a comma after the last entry, before '}'; JSON allows none there, so remove that comma", message, StringComparison.Ordinal);
            Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_comma_inside_a_string_and_a_slash_in_a_path_are_not_mistaken_for_problems()
        {
            var list = MountAllowlist.Parse("{ \"allowedRoots\": [ { \"path\": \"~/a//b\", \"allowReadWrite\": false, \"description\": \"x, }\" } ] }", "t.json");
            Assert.Equal("~/a//b", Assert.Single(list.AllowedRoots).Path);
        }

        [Fact]
        public void Other_syntax_errors_give_the_1_based_line_and_column_and_what_to_look_for()
        {
            var message = Refusal("{\n  \"allowedRoots\": [\n    { \"path\" \"~/p\" }\n  ]\n}\n");

            Assert.Contains(
                "  - line 3, column 14: this is not valid JSON (look for a missing comma, quote, colon or bracket just before it)",
                message,
                StringComparison.Ordinal);
            Assert.DoesNotContain("BytePositionInLine", message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_misspelt_root_key_gets_did_you_mean_and_is_not_also_reported_missing()
        {
            var message = Refusal("""{ "allowedRoots": [ { "path": "~/p", "allowReadwrite": true } ] }""");

            Assert.Contains(
                "  - allowedRoots[0] has the unknown key 'allowReadwrite'; an allowed root has only path, allowReadWrite, readOnly, description: did you mean 'allowReadWrite'?",
                message,
                StringComparison.Ordinal);
            Assert.DoesNotContain("allowReadWrite is missing", message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_misspelt_top_level_key_gets_did_you_mean()
        {
            var message = Refusal("""{ "allowedRoot": [] }""");

            Assert.Contains(
                "  - unknown key 'allowedRoot'; the allowlist has only allowedRoots, blockedPatterns, nonMainReadOnly: did you mean 'allowedRoots'?",
                message,
                StringComparison.Ordinal);
            Assert.DoesNotContain("allowedRoots is missing", message, StringComparison.Ordinal);
        }

        [Fact]
        public void An_unrelated_unknown_key_gets_no_guess_and_the_missing_key_is_still_reported()
        {
            var message = Refusal("""{ "allowedRoots": [ { "path": "~/p", "zzz": 1 } ] }""");

            Assert.Contains("has the unknown key 'zzz'; an allowed root has only path, allowReadWrite, readOnly, description\n", message.Replace("\r", string.Empty) + "\n", StringComparison.Ordinal);
            Assert.Contains("allowedRoots[0].allowReadWrite is missing", message, StringComparison.Ordinal);
        }
    }
}
