using System.Linq;
using AgentSpec.Core.Review;

namespace AgentSpec.Core.Tests
{
    /// <summary>The MCP part of the access diff: servers added, changed and removed, and the credentials they gain or lose.</summary>
    public class McpDiffTests
    {
        private const string Head = "version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n";

        private static string Servers(string body) => Head + "    agent:\n      mcpServers:\n" + body;

        private static AccessChange[] Diff(string before, string after) =>
            AccessDiff.Compare(GroupsCompiler.CompileForReview(before), GroupsCompiler.CompileForReview(after)).ToArray();

        [Fact]
        public void A_new_server_with_a_credential_is_two_grants_and_removing_it_two_revokes()
        {
            var after = Servers("        github:\n          command: npx\n          credentials:\n            GITHUB_TOKEN: github\n");

            var granted = Diff(Head, after);
            Assert.Equal(new[] { ChangeKinds.McpServerAdded, ChangeKinds.CredentialAdded }, granted.Select(c => c.Kind));
            Assert.All(granted, c => Assert.Equal(ChangeEffect.Grant, c.Effect));
            Assert.Equal("github: npx (credentials GITHUB_TOKEN=github)", granted[0].After);
            Assert.Equal("credential github as GITHUB_TOKEN for MCP server github", granted[1].After);

            var revoked = Diff(after, Head);
            Assert.Equal(new[] { ChangeKinds.McpServerRemoved, ChangeKinds.CredentialRemoved }, revoked.Select(c => c.Kind));
            Assert.All(revoked, c => Assert.Equal(ChangeEffect.Revoke, c.Effect));
        }

        [Fact]
        public void Another_command_or_argument_is_a_changed_server_and_a_grant()
        {
            var before = Servers("        tools:\n          command: node\n          args: [a.js]\n");
            var after = Servers("        tools:\n          command: node\n          args: [b.js]\n");
            var change = Assert.Single(Diff(before, after));
            Assert.Equal((ChangeKinds.McpServerChanged, ChangeEffect.Grant, "tools: node a.js", "tools: node b.js"), (change.Kind, change.Effect, change.Before, change.After));
            Assert.Empty(Diff(before, before));
        }

        [Fact]
        public void A_credential_added_to_an_existing_server_is_credential_added_only()
        {
            var before = Servers("        github:\n          command: npx\n");
            var after = Servers("        github:\n          command: npx\n          credentials:\n            GITHUB_TOKEN: github\n");
            var change = Assert.Single(Diff(before, after));
            Assert.Equal((ChangeKinds.CredentialAdded, ChangeEffect.Grant), (change.Kind, change.Effect));
        }
    }
}
