using System.Linq;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// AGS0308: a mount source below a folder some group mounts read-write could be swapped for a symbolic link by
    /// that group's agent between the host check and the bind. The attack of issue 8, hole 2, as declared.
    /// </summary>
    public class SwapRuleTests
    {
        // main (lines 5-11) mounts ~/projects/webapp read-write; research (from line 12) mounts a folder inside it.
        private static string TwoGroups(string researchHostPath, string mainReadOnly = "false") =>
            Yaml.WithMounts(Yaml.Mount("~/projects/webapp", "webapp", mainReadOnly)) +
            "  - id: research\n" +
            "    folder: research\n" +
            "    mounts:\n" +
            Yaml.Mount(researchHostPath, "docs");

        [Fact]
        public void Another_groups_mount_inside_a_read_write_mount_is_refused_naming_both_groups_and_lines()
        {
            var f = AssertSingle(TwoGroups("~/projects/webapp/docs"), "AGS0308", 15, 19);
            Assert.Contains("'~/projects/webapp/docs'", f.Message);
            Assert.Contains("group 'main' mounts read-write (line 9)", f.Message);
            Assert.Contains("Mount '~/projects/webapp' itself", f.Message);
        }

        [Theory]
        [InlineData("~/projects/webapp/docs/deeper/still")]
        [InlineData("~/projects/webapp/./docs")]
        [InlineData("~/projects//webapp/docs/")]
        public void Deeper_and_unnormalised_forms_are_caught(string path) =>
            AssertSingle(TwoGroups(path), "AGS0308", 15, 19);

        [Fact]
        public void The_same_group_is_not_exempt()
        {
            var text = Yaml.WithMounts(
                Yaml.Mount("/srv/work", "work", "false"),
                Yaml.Mount("/srv/work/reference", "reference", "true"));
            var f = AssertSingle(text, "AGS0308", 12, 19);
            Assert.Contains("group 'main'", f.Message);
        }

        [Fact]
        public void The_same_folder_in_two_groups_is_sharing_and_allowed() =>
            AssertClean(TwoGroups("~/projects/webapp"));

        [Fact]
        public void A_read_only_outer_mount_is_no_swap_risk() =>
            AssertClean(TwoGroups("~/projects/webapp/docs", mainReadOnly: "true"));

        [Theory]
        [InlineData("~/projects/webapp-docs")]
        [InlineData("~/projects/web")]
        [InlineData("~/projects")]
        public void Near_misses_and_the_containing_folder_are_not_refused(string path) =>
            Assert.DoesNotContain(Compile(TwoGroups(path)).Findings, f => f.Id == "AGS0308");

        [Fact]
        public void The_repository_example_passes() =>
            Assert.DoesNotContain(Compile(Yaml.Example).Findings, f => f.Id == "AGS0308");

        /// <summary>Inside two read-write mounts, one inside the other: one finding per mount, naming the nearest.</summary>
        [Fact]
        public void A_mount_inside_nested_read_write_mounts_is_reported_once_with_the_nearest()
        {
            var text = Yaml.WithMounts(
                Yaml.Mount("/srv/a", "a", "false"),
                Yaml.Mount("/srv/a/b", "b", "false"),
                Yaml.Mount("/srv/a/b/c", "c", "true"));
            var findings = Compile(text).Findings.Where(f => f.Id == "AGS0308").ToList();
            Assert.Equal(2, findings.Count);
            Assert.Equal(
                "hostPath '/srv/a/b' lies inside '/srv/a', which group 'main' mounts read-write (line 9); its agent could swap a folder on this path for a symbolic link between the host check and the bind, and so move this mount anywhere. Mount '/srv/a' itself (the groups then share it), or mount a folder outside '/srv/a'",
                findings[0].Message);
            Assert.StartsWith("hostPath '/srv/a/b/c' lies inside '/srv/a/b', which group 'main' mounts read-write (line 12);", findings[1].Message);
        }

        /// <summary>The first read-write mount of a folder is the one named, even when a later group mounts it read-write too.</summary>
        [Fact]
        public void The_first_writer_of_a_folder_is_named()
        {
            var text = Yaml.WithMounts(Yaml.Mount("/srv/w", "w", "false")) +
                "  - id: second\n    folder: second\n    mounts:\n" + Yaml.Mount("/srv/w", "w", "false") +
                "  - id: third\n    folder: third\n    mounts:\n" + Yaml.Mount("/srv/w/x", "x", "true");
            var f = Assert.Single(Compile(text).Findings, f => f.Id == "AGS0308");
            Assert.Contains("which group 'main' mounts read-write (line 9)", f.Message);
        }

        [Theory]
        [InlineData("/a/b")]
        [InlineData("~/a/b")]
        public void Top_level_folders_are_checked_too(string inner)
        {
            var outer = inner.Substring(0, inner.LastIndexOf('/'));
            var text = Yaml.WithMounts(Yaml.Mount(outer, "o", "false"), Yaml.Mount(inner, "i", "true"));
            Assert.Single(Compile(text).Findings, f => f.Id == "AGS0308");
        }
    }
}
