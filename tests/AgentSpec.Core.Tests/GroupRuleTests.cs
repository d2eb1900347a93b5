using System.Linq;
using AgentSpec.Core.Diagnostics;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0401–AGS0411: identity, uniqueness, environment, main group, policy and image.</summary>
    public class GroupRuleTests
    {
        [Fact]
        public void Two_groups_with_their_own_ids_and_folders_are_clean() =>
            Assert.Equal(2, AssertClean(Yaml.WithSecondGroup("  - id: b\n    folder: b\n")).Plans.Count);

        [Fact]
        public void Duplicate_group_id()
        {
            var f = AssertSingle(Yaml.WithSecondGroup("  - id: main\n    folder: other\n"), "AGS0401", 8, 9);
            Assert.Contains("line 5", f.Message);
        }

        [Theory]
        [InlineData("main")]
        [InlineData("MAIN")]
        [InlineData("Main")]
        public void Duplicate_folder_also_case_insensitive(string folder)
        {
            var f = AssertSingle(Yaml.WithSecondGroup($"  - id: b\n    folder: {folder}\n"), "AGS0402", 9, 13);
            Assert.Contains("line 6", f.Message);
        }

        [Theory]
        [InlineData("../etc")]
        [InlineData("a/b")]
        [InlineData("..")]
        [InlineData(".hidden")]
        [InlineData("-dash")]
        [InlineData("a..b")]
        [InlineData("'a b'")]
        [InlineData("'/abs'")]
        public void Unsafe_folder_names(string folder) =>
            AssertSingle(Yaml.Group(folder: folder), "AGS0403", 5, 13);

        [Theory]
        [InlineData("global")]
        [InlineData("Global")]
        public void Global_folder_is_reserved(string folder) =>
            AssertSingle(Yaml.Group(folder: folder), "AGS0404", 5, 13);

        [Theory]
        [InlineData("Main")]
        [InlineData("1st")]
        [InlineData("a_b")]
        [InlineData("'a b'")]
        public void Invalid_group_ids(string id) =>
            AssertSingle(Yaml.Group(id: id), "AGS0405", 4, 9);

        [Theory]
        [InlineData("SKILL_DATA_DIR")]
        [InlineData("AGENTSPEC_GROUP_ID")]
        [InlineData("AGENTSPEC_MAIN")]
        [InlineData("AGENTSPEC_ANYTHING")]
        [InlineData("CLAUDE_CONFIG_DIR")]
        [InlineData("HOME")]
        public void Reserved_environment_names(string name) =>
            AssertSingle(Yaml.Head + $"    env:\n      {name}: x\n", "AGS0406", 9, 7);

        [Theory]
        [InlineData("'A B'", "whitespace (U+0020)", "A_B")]
        [InlineData("\"A\\u00A0B\"", "whitespace (U+00A0)", "A_B")]
        [InlineData("MY=VAR", "'='", "MY")]
        [InlineData("'=X'", "'='", "NAME")]
        public void Names_the_engine_would_split_are_refused_by_the_protected_AGS0417(string name, string what, string suggestion)
        {
            var finding = AssertSingle(Yaml.Head + $"    env:\n      {name}: x\n", "AGS0417", 9, 7);
            Assert.Contains($"contains {what}", finding.Message);
            Assert.Contains($"e.g. '{suggestion}: <value>'", finding.Message);
            Assert.True(Rules.SplitEnvName.Protected);
        }

        [Theory]
        [InlineData("PATH=/workspace/agent/bin:/bin", "AGS0415")]
        [InlineData("LD_PRELOAD=/workspace/x.so", "AGS0415")]
        [InlineData("HOME=/workspace", "AGS0406")]
        [InlineData("AGENTSPEC_MAIN=true", "AGS0406")]
        public void A_name_with_an_equals_sign_is_also_judged_by_the_name_the_engine_would_set(string name, string alsoId)
        {
            var result = Compile(Yaml.Head + $"    env:\n      \"{name}\": x\n");
            Assert.Equal(new[] { "AGS0417", alsoId }.Order(), result.Findings.Select(f => f.Id).Order());
            Assert.Contains("the container would get '" + name.Split('=')[0] + "' set to what follows the first '='", result.Findings.First(f => f.Id == "AGS0417").Message);
            Assert.Empty(result.Plans);
        }

        [Theory]
        [InlineData("..")]
        [InlineData("../deploy-prod")]
        [InlineData("a/b")]
        [InlineData("/etc")]
        [InlineData(".hidden")]
        [InlineData("-x")]
        [InlineData("a:ro")]
        [InlineData("a..b")]
        [InlineData("'a b'")]
        public void Unsafe_skill_names_are_refused(string skill) =>
            AssertSingle(Yaml.Head + $"    skills: [{skill}]\n", "AGS0418", 8, 14);

        [Fact]
        public void A_skill_listed_twice_is_refused()
        {
            var finding = AssertSingle(Yaml.Head + "    skills:\n      - web-search\n      - summarize\n      - web-search\n", "AGS0419", 11, 9);
            Assert.Contains("already listed for group 'main' (line 9)", finding.Message);
        }

        [Fact]
        public void A_list_of_skills_compiles_into_a_tmpfs_and_one_read_only_bind_per_skill()
        {
            var plan = Assert.Single(AssertClean(Yaml.Head + "    skills: [web-search, summarize]\n").Plans);
            Expected.AssertHostManaged(plan.Mounts.HostManaged, new[] { "web-search", "summarize" });
            Assert.DoesNotContain(Assert.Single(AssertClean(Yaml.Head + "    skills: []\n").Plans).Mounts, m => m.ContainerPath.StartsWith("/app/skills/", System.StringComparison.Ordinal));
            Expected.AssertHostManaged(Assert.Single(AssertClean(Yaml.Head + "    skills: all\n").Plans).Mounts.HostManaged);
        }

        [Theory]
        [InlineData("1BAD")]
        [InlineData("A-B")]
        [InlineData("A.B")]
        public void Invalid_environment_names(string name) =>
            AssertSingle(Yaml.Head + $"    env:\n      {name}: x\n", "AGS0407", 9, 7);

        [Fact]
        public void Ordinary_environment_reaches_the_plan_after_the_host_variables()
        {
            var plan = AssertClean(Yaml.Head + "    env:\n      LOG_LEVEL: debug\n").Plans[0];
            Assert.Equal("debug", plan.GetEnvironment("LOG_LEVEL"));
            Assert.Equal("SKILL_DATA_DIR", plan.Environment[0].Name);
        }

        [Fact]
        public void More_than_one_main_group()
        {
            var f = AssertSingle(Yaml.WithSecondGroup("  - id: b\n    folder: b\n    main: true\n"), "AGS0408", 10, 11);
            Assert.Contains("line 7", f.Message);
        }

        [Fact]
        public void No_main_group_warns_and_still_compiles()
        {
            var text = Yaml.Group("a", "a", string.Empty);
            AssertSingle(text, "AGS0409", 4, 9);
            Assert.Single(Compile(text).Plans);
        }

        [Fact]
        public void Main_false_is_not_a_main_group() =>
            AssertSingle(Yaml.Group("a", "a", "    main: false\n"), "AGS0409", 4, 9);

        private const string NonMainReadWrite = "  - id: b\n    folder: b\n    mounts:\n      - hostPath: ~/x\n        containerPath: x\n        readonly: false\n";

        [Fact]
        public void Read_write_mount_in_a_non_main_group_is_refused_by_default() =>
            AssertSingle(Yaml.WithSecondGroup(NonMainReadWrite), "AGS0410", 13, 19);

        [Fact]
        public void Read_write_mount_in_a_non_main_group_is_refused_when_the_policy_says_so() =>
            AssertSingle(Yaml.WithSecondGroup(NonMainReadWrite).Replace("groups:\n", "policy:\n  nonMainReadOnly: true\ngroups:\n"), "AGS0410", 15, 19);

        [Fact]
        public void Read_write_mount_in_a_non_main_group_is_allowed_when_the_policy_allows_it()
        {
            var plans = AssertClean(Yaml.WithSecondGroup(NonMainReadWrite).Replace("groups:\n", "policy:\n  nonMainReadOnly: false\ngroups:\n")).Plans;
            Assert.False(plans[1].Mounts["x"]!.ReadOnly);
        }

        [Fact]
        public void Read_write_mount_in_the_main_group_is_allowed() =>
            Assert.False(AssertClean(Yaml.WithMounts(Yaml.Mount("~/x", "x", "false"))).Plans[0].Mounts["x"]!.ReadOnly);

        [Fact]
        public void Missing_image() =>
            AssertSingle("version: 1\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "AGS0411", 3, 9);

        [Fact]
        public void Group_image_overrides_the_default()
        {
            var plan = AssertClean("version: 1\ngroups:\n  - id: main\n    folder: main\n    main: true\n    image: own:1\n").Plans[0];
            Assert.Equal("own:1", plan.Image);
        }
    }
}
