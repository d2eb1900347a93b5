using AgentSpec.Core.Checks;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0414 called directly: every refusal with its whole reason, and the boundaries of each part of the grammar.</summary>
    public class ImageReferenceTests
    {
        private const string D64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        private const string PathHelp = "is not valid: use lowercase letters and digits, joined by '.', '_', '__' or '-' (no '..', and not starting or ending with a separator)";

        [Theory]
        [InlineData("", "it is empty")]
        [InlineData("a b", "it contains whitespace or a control character")]
        [InlineData("a\tb", "it contains whitespace or a control character")]
        [InlineData("a\u0085b", "it contains whitespace or a control character")]
        [InlineData("a\u007Fb", "it contains whitespace or a control character")]
        [InlineData(" a", "it contains whitespace or a control character")]
        [InlineData("-a", "it starts with '-', which command-line tools read as an option")]
        [InlineData("a@sha256", "the digest 'sha256' is not valid: write @sha256: followed by 64 lowercase hex digits (sha384 and sha512 work too)")]
        [InlineData("a@sha1:" + D64, "the digest 'sha1:" + D64 + "' is not valid: write @sha256: followed by 64 lowercase hex digits (sha384 and sha512 work too)")]
        [InlineData("a@SHA256:" + D64, "the digest 'SHA256:" + D64 + "' is not valid: write @sha256: followed by 64 lowercase hex digits (sha384 and sha512 work too)")]
        [InlineData("a@sha256:" + D64 + "0", "the sha256 digest has 65 hex digits; it needs exactly 64")]
        [InlineData("a@sha256:", "the sha256 digest has 0 hex digits; it needs exactly 64")]
        [InlineData("a@sha384:" + D64, "the sha384 digest has 64 hex digits; it needs exactly 96")]
        [InlineData("a@sha512:" + D64, "the sha512 digest has 64 hex digits; it needs exactly 128")]
        [InlineData("a@sha256:g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "the sha256 digest must be lowercase hex digits (0-9, a-f)")]
        [InlineData("a@sha256:/123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "the sha256 digest must be lowercase hex digits (0-9, a-f)")]
        [InlineData("a@sha256::123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "the sha256 digest must be lowercase hex digits (0-9, a-f)")]
        [InlineData("a@sha256:`123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "the sha256 digest must be lowercase hex digits (0-9, a-f)")]
        [InlineData("a:", "the tag '' is not valid: a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'")]
        [InlineData("a:-x", "the tag '-x' is not valid: a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'")]
        [InlineData("a:x/y", "the registry port 'x' is not a number")]
        [InlineData(":tag", "it has no repository name")]
        [InlineData("@sha256:" + D64, "it has no repository name")]
        [InlineData("a/", "it has an empty path component ('//', or '/' at the start or end)")]
        [InlineData("Ab", "the path component 'Ab' has uppercase letters; repository names are lowercase")]
        [InlineData("a/B", "the path component 'B' has uppercase letters; repository names are lowercase")]
        [InlineData("a-", "the path component 'a-' " + PathHelp)]
        [InlineData("..", "the path component '..' " + PathHelp)]
        [InlineData("../x", "the path component '..' " + PathHelp)]
        [InlineData("a___b", "the path component 'a___b' " + PathHelp)]
        [InlineData("reg.io:x/a", "the registry port 'x' is not a number")]
        [InlineData("reg.io:123456/a", "the registry port '123456' is not a number")]
        [InlineData("reg.io:/a", "the registry port '' is not a number")]
        [InlineData("-reg.io/a", "it starts with '-', which command-line tools read as an option")]
        [InlineData("reg-.io/a", "the registry 'reg-.io' is not a host name (letters, digits and '-', separated by '.', with an optional :port)")]
        [InlineData("reg..io/a", "the registry 'reg..io' is not a host name (letters, digits and '-', separated by '.', with an optional :port)")]
        [InlineData("[::1/a", "the registry '[::1' is not a host name (letters, digits and '-', separated by '.', with an optional :port)")]
        [InlineData("[::1]:x/a", "the registry port 'x' is not a number")]
        [InlineData("[zz]/a", "the registry '[zz]' is not a host name (letters, digits and '-', separated by '.', with an optional :port)")]
        public void Refusals_give_the_whole_reason(string image, string problem) => Assert.Equal(problem, ImageReference.Problem(image));

        [Theory]
        [InlineData("a")]
        [InlineData("0")]
        [InlineData("a.b")]
        [InlineData("a_b")]
        [InlineData("a__b")]
        [InlineData("a-b")]
        [InlineData("a---b")]
        [InlineData("a/b/c")]
        [InlineData("a:X")]
        [InlineData("a:_")]
        [InlineData("a:0.-_")]
        [InlineData("localhost/a")]
        [InlineData("localhost:1/a")]
        [InlineData("reg.io:65535/a")]
        [InlineData("reg.io:12345/a")]
        [InlineData("Reg-1.IO/a")]
        [InlineData("r/a")]
        [InlineData("[::1]/a")]
        [InlineData("[fe80::1]:5000/a")]
        [InlineData("a@sha256:" + D64)]
        [InlineData("a:t@sha256:" + D64)]
        [InlineData("a@sha384:" + D64 + "0123456789abcdef0123456789abcdef")]
        [InlineData("a@sha512:" + D64 + D64)]
        public void Valid_references_pass(string image)
        {
            Assert.Null(ImageReference.Problem(image));
            Assert.Null(ImageReference.Refusal(image));
        }

        [Fact]
        public void A_tag_is_at_most_128_characters()
        {
            Assert.Null(ImageReference.Problem("a:" + new string('t', 128)));
            Assert.StartsWith("the tag '", ImageReference.Problem("a:" + new string('t', 129)));
        }

        [Fact]
        public void A_name_is_at_most_255_characters_not_counting_tag_and_digest()
        {
            var name = new string('a', 255);
            Assert.Null(ImageReference.Problem(name + ":" + new string('t', 128) + "@sha256:" + D64));
            Assert.Equal("the repository name is 256 characters long, more than Docker's limit of 255", ImageReference.Problem(name + "a"));
            Assert.Equal(255, ImageReference.MaxNameLength);
        }

        [Theory]
        [InlineData("Reg.IO/Team/Agent:V1", "reg.io/team/agent:V1")]
        [InlineData("Agent@sha256:" + D64, "agent@sha256:" + D64)]
        [InlineData("Agent:Tag@sha256:" + D64, "agent:Tag@sha256:" + D64)]
        [InlineData("Reg.IO:5000/A", "reg.io:5000/a")]
        [InlineData("A b", "agentspec/agent:latest")]
        [InlineData("a_", "agentspec/agent:latest")]
        [InlineData("Agent:-x", "agentspec/agent:latest")]
        public void The_refusal_suggests_the_lowercase_form_when_that_is_valid(string image, string suggestion) =>
            Assert.EndsWith($"e.g. '{suggestion}'", ImageReference.Refusal(image));

        [Fact]
        public void The_build_time_check_reports_and_returns_false_only_for_a_refusal()
        {
            var findings = new System.Collections.Generic.List<AgentSpec.Core.Diagnostics.Finding>();
            Assert.True(ImageReference.Check(new Located<string>("a", default), findings));
            Assert.False(ImageReference.Check(new Located<string>("", default), findings));
            Assert.Empty(findings);
            Assert.False(ImageReference.Check(new Located<string>("A", default), findings));
            Assert.Equal("Image 'A' is not a valid Docker image reference: the path component 'A' has uppercase letters; repository names are lowercase. Write [registry[:port]/]name[:tag][@sha256:<64 hex digits>], e.g. 'a'", Assert.Single(findings).Message);
        }
    }
}
