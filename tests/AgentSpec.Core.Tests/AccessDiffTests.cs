using System.Linq;
using AgentSpec.Core.Review;

namespace AgentSpec.Core.Tests
{
    /// <summary>Core's access diff: what a change to groups.yaml grants and revokes, with lines.</summary>
    public class AccessDiffTests
    {
        private const string Head = "version: 1\ndefaults:\n  image: img\n";

        private const string Main = "  - id: main\n    folder: main\n    main: true\n";

        [Fact]
        public void The_widening_of_the_issue_grants_read_write_a_wider_path_and_a_relaxed_policy_with_their_lines()
        {
            var before = Head + "groups:\n" + Main +
                "  - id: reviewer\n    folder: reviewer\n    mounts:\n" +
                "      - hostPath: ~/projects/webapp\n        containerPath: webapp\n        readonly: true\n";
            var after = Head + "policy:\n  nonMainReadOnly: false\ngroups:\n" + Main +
                "  - id: reviewer\n    folder: reviewer\n    mounts:\n" +
                "      - hostPath: ~/projects\n        containerPath: webapp\n        readonly: false\n";

            Assert.Equal(
                new[]
                {
                    new AccessChange(null, ChangeEffect.Grant, ChangeKinds.PolicyRelaxed, "nonMainReadOnly: true", "nonMainReadOnly: false", null, 5),
                    new AccessChange("reviewer", ChangeEffect.Grant, ChangeKinds.HostPathWidened, "~/projects/webapp", "~/projects", 11, 13, "~/projects", "/workspace/extra/webapp") { IsWriteGrant = true },
                    new AccessChange("reviewer", ChangeEffect.Grant, ChangeKinds.MadeReadWrite, "ro", "rw", 13, 15, "~/projects", "/workspace/extra/webapp") { IsWriteGrant = true },
                },
                Diff(before, after));
            // And back: each one revoked, nothing granted.
            Assert.Equal(
                new[] { ChangeKinds.PolicyTightened, ChangeKinds.HostPathNarrowed, ChangeKinds.MadeReadOnly },
                Diff(after, before).Select(c => c.Kind));
            Assert.All(Diff(after, before), c => Assert.Equal(ChangeEffect.Revoke, c.Effect));
        }

        [Theory]
        [InlineData("~/projects", "~/projects/webapp", true)]
        [InlineData("~/projects", "~/projects", true)]
        [InlineData("~/projects", "~/projects-old", false)] // a string prefix, not a parent folder
        [InlineData("~/projects/webapp", "~/projects", false)]
        [InlineData("/srv", "/srv/data/x", true)]
        [InlineData("/srv", "/srvx", false)]
        [InlineData("~", "~/a", true)]
        [InlineData("/home/me", "~/a", false)] // the home folder is known only on the agent host
        public void Containment_is_by_whole_path_segments(string outer, string inner, bool expected) =>
            Assert.Equal(expected, AccessDiff.Contains(outer, inner));

        [Fact]
        public void A_sibling_path_with_a_common_prefix_is_moved_not_widened()
        {
            var before = Head + "groups:\n" + Main + "    mounts:\n      - hostPath: ~/projects-old/app\n        containerPath: app\n        readonly: true\n";
            var after = Head + "groups:\n" + Main + "    mounts:\n      - hostPath: ~/projects\n        containerPath: app\n        readonly: true\n";
            var change = Assert.Single(Diff(before, after));
            Assert.Equal((ChangeEffect.Grant, ChangeKinds.HostPathMoved, false), (change.Effect, change.Kind, change.IsWriteGrant));
        }

        [Fact]
        public void Same_folder_under_a_new_id_is_a_rename_that_grants_the_new_ids_data_plus_its_real_changes()
        {
            var before = Head + "groups:\n" + Main + "  - id: helper\n    folder: helper\n    network: none\n";
            var after = Head + "groups:\n" + Main + "  - id: assistant\n    folder: helper\n    network: proxy\npolicy:\n  nonMainProxy: true\n";
            Assert.Equal(
                new[]
                {
                    new AccessChange(null, ChangeEffect.Grant, ChangeKinds.PolicyRelaxed, "nonMainProxy: false", "nonMainProxy: true", null, 12),
                    // The id keys data/v2-sessions/<id>/: the group now gets whatever lies under assistant's.
                    new AccessChange("assistant", ChangeEffect.Grant, ChangeKinds.GroupRenamed, "data/v2-sessions/helper/", "data/v2-sessions/assistant/", 8, 8),
                    new AccessChange("assistant", ChangeEffect.Neutral, ChangeKinds.NameChanged, "helper", "assistant", null, null),
                    new AccessChange("assistant", ChangeEffect.Grant, ChangeKinds.NetworkWidened, "network: none", "network: proxy", 10, 10),
                },
                Diff(before, after));

            // A new id and a new folder: one group removed, another added.
            var other = Head + "groups:\n" + Main + "  - id: assistant\n    folder: assistant\n";
            Assert.Equal(new[] { ChangeKinds.GroupAdded, ChangeKinds.GroupRemoved }, Diff(before, other).Select(c => c.Kind));
        }

        [Fact]
        public void A_new_group_lists_each_mount_and_counts_read_write_ones_as_write_grants()
        {
            var before = Head + "groups:\n" + Main;
            var after = before + "  - id: w\n    folder: w\n    mounts:\n      - hostPath: /srv/a\n        containerPath: a\n        readonly: false\n      - hostPath: /srv/b\n        containerPath: b\n        readonly: true\npolicy: {nonMainReadOnly: false}\n";
            var changes = Diff(before, after);
            Assert.Equal(new[] { ChangeKinds.PolicyRelaxed, ChangeKinds.GroupAdded, ChangeKinds.MountAdded, ChangeKinds.MountAdded }, changes.Select(c => c.Kind));
            Assert.Equal(new[] { false, false, true, false }, changes.Select(c => c.IsWriteGrant));
            Assert.Equal(new int?[] { 17, 8, 11, 14 }, changes.Select(c => c.AfterLine));
            Assert.Equal("rw /srv/a -> /workspace/extra/a", changes[2].After);
        }

        [Fact]
        public void A_default_changed_once_shows_on_every_group_that_inherits_it_at_the_defaults_line()
        {
            var before = Head + "groups:\n" + Main + "  - id: b\n    folder: b\n  - id: c\n    folder: c\n    image: own\n";
            var after = before.Replace("  image: img\n", "  image: img2\n");
            Assert.Equal(
                new[] { ("main", 3), ("b", 3) },
                Diff(before, after).Select(c => (c.Group!, c.AfterLine!.Value)));
            Assert.All(Diff(before, after), c => Assert.Equal((ChangeEffect.Grant, ChangeKinds.ImageChanged), (c.Effect, c.Kind)));
        }

        [Fact]
        public void Container_path_to_a_parent_covers_more_and_a_credential_variable_is_a_grant()
        {
            var before = Head + "groups:\n" + Main + "    env:\n      LOG_LEVEL: info\n    mounts:\n      - hostPath: /srv/a\n        containerPath: a/b\n        readonly: true\n";
            var after = Head + "groups:\n" + Main + "    env:\n      LOG_LEVEL: debug\n      GITHUB_TOKEN: t\n    mounts:\n      - hostPath: /srv/a\n        containerPath: a\n        readonly: true\n";
            Assert.Equal(
                new[]
                {
                    (ChangeEffect.Grant, ChangeKinds.ContainerPathWidened),
                    (ChangeEffect.Neutral, ChangeKinds.EnvChanged),
                    (ChangeEffect.Grant, ChangeKinds.EnvAdded),
                },
                Diff(before, after).Select(c => (c.Effect, c.Kind)));
        }

        [Fact]
        public void Identical_files_and_comment_or_order_only_edits_change_nothing()
        {
            var text = Head + "groups:\n" + Main + "    mounts:\n      - hostPath: /srv/a\n        containerPath: a\n        readonly: true\n";
            Assert.Empty(Diff(text, text));
            Assert.Empty(Diff(text, "# reviewed\n" + text.Replace("readonly: true", "readonly: true # still")));
        }

        private static AccessChange[] Diff(string before, string after)
        {
            var b = GroupsCompiler.CompileForReview(before);
            var a = GroupsCompiler.CompileForReview(after);
            Assert.False(b.Result.HasErrors, string.Join("\n", b.Result.Findings));
            Assert.False(a.Result.HasErrors, string.Join("\n", a.Result.Findings));
            return AccessDiff.Compare(b, a).ToArray();
        }
    }
}
