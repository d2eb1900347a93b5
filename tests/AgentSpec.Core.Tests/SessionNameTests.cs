using AgentSpec.Model;
using AgentSpec.Core.Model;

namespace AgentSpec.Core.Tests
{
    /// <summary>The one session-name rule: a safe single folder name that is never another child of the group data folder.</summary>
    public class SessionNameTests
    {
        [Theory]
        [InlineData("default")]
        [InlineData("a")]
        [InlineData("0")]
        [InlineData("chat-2")]
        [InlineData("review_main")]
        [InlineData("v1.2")]
        [InlineData("skill-data2")]
        [InlineData("claude-shared")]
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
        public void Valid_names(string name) => Assert.Null(SessionNames.Refusal(name));

        [Theory]
        [InlineData(null, "is empty")]
        [InlineData("", "is empty")]
        [InlineData("skill-data", "is reserved: 'skill-data'")]
        [InlineData("SKILL-DATA", "is reserved: 'skill-data'")]
        [InlineData(".claude-shared", "does not start with a letter or digit")]
        [InlineData(".session-default.lock", "does not start with a letter or digit")]
        [InlineData(".", "does not start with a letter or digit")]
        [InlineData("..", "does not start with a letter or digit")]
        [InlineData("_x", "does not start with a letter or digit")]
        [InlineData("-rf", "does not start with a letter or digit")]
        [InlineData("a/b", "contains '/'")]
        [InlineData("a\\b", "contains '\\'")]
        [InlineData("a b", "contains ' '")]
        [InlineData("a:b", "contains ':'")]
        [InlineData("caf\u00e9", "contains '\u00e9'")]
        [InlineData("a\nb", "contains '\\u000a'")]
        [InlineData("a\u202eb", "contains '\\u202e'")]
        [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "is 65 characters long")]
        public void Invalid_names_say_why_and_what_a_valid_name_looks_like(string? name, string why)
        {
            var refusal = SessionNames.Refusal(name);
            Assert.NotNull(refusal);
            Assert.Contains(why, refusal);
            Assert.EndsWith(SessionNames.Shape, refusal);
            Assert.DoesNotContain('\n', refusal);
            Assert.DoesNotContain('\u202e', refusal);
        }

        [Fact]
        public void Reserved_names_are_the_group_data_folders_other_children_from_the_one_table()
        {
            Assert.Equal(new[] { "skill-data", ".claude-shared" }, SessionNames.Reserved);
        }
    }
}
