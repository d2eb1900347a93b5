using System.Linq;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// Each field names itself in its refusals: an invisible character in every text field says which field, and the
    /// group rules' messages are compared whole (the reserved folder, the reserved prefix, an inherited proxy, limits).
    /// </summary>
    public class DeclarationMessageTests
    {
        private const string Tail = " contains a bidirectional control character (U+202E) at position 2; control, bidirectional and zero-width characters make text read differently than it is. Remove it";

        [Theory]
        [InlineData("version: 1\ndefaults:\n  image: \"a\\u202Eb\"\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "defaults.image")]
        [InlineData("version: 1\ndefaults:\n  image: img\n  user: \"1\\u202E0\"\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "defaults.user")]
        [InlineData("version: 1\ndefaults:\n  image: img\n  limits:\n    memory: \"1\\u202Eg\"\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "defaults.limits.memory")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: \"m\\u202Eain\"\n    folder: main\n    main: true\n", "Group id")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: \"m\\u202Eain\"\n    main: true\n", "Folder")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    image: \"i\\u202Emg\"\n", "image")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    user: \"1\\u202E0\"\n", "user")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    limits:\n      memory: \"1\\u202Eg\"\n", "limits.memory")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    skills: [\"w\\u202Eeb\"]\n", "Skill name")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    env:\n      \"L\\u202EOG\": x\n", "Environment variable name")]
        [InlineData("version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    name: \"M\\u202Eain\"\n", "Group name")]
        public void An_invisible_character_names_the_field_it_is_in(string text, string field)
        {
            var f = Assert.Single(Compile(text).Findings, f => f.Id == "AGS0501");
            Assert.Equal(field + Tail, f.Message);
        }

        [Fact]
        public void A_bad_default_limit_names_defaults_limits() =>
            Assert.Equal(
                "defaults.limits.pids '1' is below 16; write a whole number from 16 to 65536, e.g. 512 (the default)",
                AssertSingle("version: 1\ndefaults:\n  image: img\n  limits:\n    pids: 1\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "AGS0413", 5, 11).Message);

        [Fact]
        public void A_group_pids_limit_wins_over_the_default_one() =>
            Assert.Equal(
                new AgentSpec.Model.ResourceLimits(64, 2L << 30),
                AssertClean("version: 1\ndefaults:\n  image: img\n  limits:\n    pids: 100\ngroups:\n  - id: main\n    folder: main\n    main: true\n    limits:\n      pids: 64\n").Plans[0].Limits);

        [Fact]
        public void An_inherited_proxy_names_the_default_and_its_line() =>
            Assert.Equal(
                "Group 'b' is not the main group and policy.nonMainProxy is false, so it cannot use network: proxy (it inherits defaults.network: proxy, line 4); write network: none for the group, run what needs the network in the main group, or set policy.nonMainProxy: true",
                AssertSingle("version: 1\ndefaults:\n  image: img\n  network: proxy\ngroups:\n  - id: main\n    folder: main\n    main: true\n  - id: b\n    folder: b\n", "AGS0416", 9, 9).Message);

        [Fact]
        public void A_proxy_asked_for_by_the_group_itself_names_no_default() =>
            Assert.Equal(
                "Group 'b' is not the main group and policy.nonMainProxy is false, so it cannot use network: proxy; write network: none for the group, run what needs the network in the main group, or set policy.nonMainProxy: true",
                AssertSingle(Yaml.Head + "  - id: b\n    folder: b\n    network: proxy\n", "AGS0416", 10, 14).Message);

        [Fact]
        public void Policy_non_main_proxy_left_out_means_false() =>
            AssertSingle("policy:\n  nonMainReadOnly: true\n" + Yaml.Head + "  - id: b\n    folder: b\n    network: proxy\n", "AGS0416", 12, 14);

        [Theory]
        [InlineData("global")]
        [InlineData("Global")]
        public void The_reserved_folder_message_names_the_global_mount(string folder) =>
            Assert.Equal(
                $"Folder '{folder}' is reserved: groups/{folder}/ is the host-managed global (/workspace/global, read-only) mount; choose another folder name",
                AssertSingle(Yaml.Group(folder: folder), "AGS0404", 5, 13).Message);

        [Fact]
        public void The_agentspec_prefix_is_reserved_with_its_reason() =>
            Assert.Equal(
                "Environment variable 'AGENTSPEC_X' is set by the host (the AGENTSPEC_ prefix is reserved for the host) and cannot be set in groups.yaml; remove it",
                AssertSingle(Yaml.Head + "    env:\n      AGENTSPEC_X: y\n", "AGS0406", 9, 7).Message);

        /// <summary>A container path nested in two others warns once, naming the nearest.</summary>
        [Fact]
        public void A_path_nested_twice_warns_once_with_the_nearest()
        {
            var text = Yaml.WithMounts(Yaml.Mount("~/x", "a"), Yaml.Mount("~/y", "a/b"), Yaml.Mount("~/z", "a/b/c"));
            var nested = Compile(text).Findings.Where(f => f.Id == "AGS0207").Select(f => f.Message).ToList();
            Assert.Equal(2, nested.Count);
            Assert.Contains("containerPath 'a/b/c' lies inside 'a/b' (line 13) of the same group; one mount hides part of the other. Give them separate paths", nested);
        }

        [Theory]
        [InlineData("\"~\"", "your whole home folder")]
        [InlineData("~/", "your whole home folder")]
        [InlineData("/", "the host's whole filesystem")]
        [InlineData("//", "the host's whole filesystem")]
        public void Too_broad_paths_say_what_they_would_mount(string path, string what) =>
            Assert.Equal(
                $"hostPath '{path.Trim('"')}' would mount {what}; mount the specific folder the agent needs instead",
                AssertSingle(Yaml.WithMounts(Yaml.Mount(path, "x")), "AGS0306", 9, 19).Message);
    }
}
