using System.Linq;
using AgentSpec.Core.Diagnostics;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// One failing and one passing file for every rule the compiler raises, so a new rule without a test fails here.
    /// AGS0006 (two groups.yaml files) and AGS0007 (no groups file) are raised by the generator, AGS0008 by the severity
    /// options (a lowered error, see SeverityTests), AGS0009 only on an internal error.
    /// </summary>
    public class RuleCatalogueTests
    {
        private static readonly string[] NotRaisedByCompile = { "AGS0006", "AGS0007", "AGS0008", "AGS0009" };

        /// <summary>Rule id, a file that raises it only, where (1-based), and the corrected file.</summary>
        public static TheoryData<string, string, int, int, string> Cases => new()
        {
            { "AGS0001", "version: 1\ngroups: [\n", 3, 1, "version: 1\ngroups: []\n" },
            { "AGS0002", "version: 1\nversion: 1\ngroups: []\n", 2, 1, "version: 1\ngroups: []\n" },
            { "AGS0003", "version: 1\n---\ngroups: []\n", 2, 1, "version: 1\ngroups: []\n" },
            { "AGS0004", "# nothing\n", 1, 1, "version: 1\ngroups: []\n" },
            { "AGS0005", "version: 1\nname: " + new string('n', 20_000) + "\ngroups: []\n", 2, 7, "version: 1\ngroups: []\n" },
            { "AGS0101", "version: 1\ngroup: []\n", 2, 1, "version: 1\ngroups: []\n" },
            { "AGS0102", Yaml.WithMounts("      - source: ~/x\n        target: x\n"), 9, 9, Yaml.WithMounts(Yaml.Mount("~/x", "x")) },
            { "AGS0103", Yaml.WithMounts(Yaml.Mount("~/x", "x", "yes")), 11, 19, Yaml.WithMounts(Yaml.Mount("~/x", "x", "true")) },
            { "AGS0104", "version: 1\n", 1, 1, "version: 1\ngroups: []\n" },
            { "AGS0105", "version: 3\ngroups: []\n", 1, 10, "version: 1\ngroups: []\n" },
            { "AGS0201", Yaml.WithMounts(Yaml.Mount("~/x", "/notes")), 10, 24, Yaml.WithMounts(Yaml.Mount("~/x", "notes")) },
            { "AGS0202", Yaml.WithMounts(Yaml.Mount("~/x", "../notes")), 10, 24, Yaml.WithMounts(Yaml.Mount("~/x", "notes")) },
            { "AGS0203", Yaml.WithMounts(Yaml.Mount("~/x", "notes:ro")), 10, 24, Yaml.WithMounts(Yaml.Mount("~/x", "notes")) },
            { "AGS0204", Yaml.WithMounts(Yaml.Mount("~/x", "''")), 10, 24, Yaml.WithMounts(Yaml.Mount("~/x", "notes")) },
            { "AGS0205", Yaml.WithMounts(Yaml.Mount("~/x", "/workspace/agent")), 10, 24, Yaml.WithMounts(Yaml.Mount("~/x", "my-agent")) },
            { "AGS0206", Yaml.WithMounts(Yaml.Mount("~/x", "n"), Yaml.Mount("~/y", "n")), 13, 24, Yaml.WithMounts(Yaml.Mount("~/x", "n"), Yaml.Mount("~/y", "m")) },
            { "AGS0207", Yaml.WithMounts(Yaml.Mount("~/x", "n"), Yaml.Mount("~/y", "n/m")), 13, 24, Yaml.WithMounts(Yaml.Mount("~/x", "n"), Yaml.Mount("~/y", "m")) },
            { "AGS0208", Yaml.WithMounts(Yaml.Mount("~/x", "'a\\b'")), 10, 24, Yaml.WithMounts(Yaml.Mount("~/x", "a/b")) },
            { "AGS0301", Yaml.WithMounts(Yaml.Mount("x", "x")), 9, 19, Yaml.WithMounts(Yaml.Mount("~/x", "x")) },
            { "AGS0302", Yaml.WithMounts(Yaml.Mount("~/.ssh", "x")), 9, 19, Yaml.WithMounts(Yaml.Mount("~/ssh-notes", "x")) },
            { "AGS0303", Yaml.WithMounts(Yaml.Mount("~/a/../b", "x")), 9, 19, Yaml.WithMounts(Yaml.Mount("~/b", "x")) },
            { "AGS0304", Yaml.WithMounts(Yaml.Mount("~bob/x", "x")), 9, 19, Yaml.WithMounts(Yaml.Mount("~/x", "x")) },
            { "AGS0305", Yaml.WithMounts(Yaml.Mount("'C:\\x'", "x")), 9, 19, Yaml.WithMounts(Yaml.Mount("/c/x", "x")) },
            { "AGS0306", Yaml.WithMounts(Yaml.Mount("/", "x")), 9, 19, Yaml.WithMounts(Yaml.Mount("/srv", "x")) },
            { "AGS0307", Yaml.WithMounts(Yaml.Mount("/a:b", "x")), 9, 19, Yaml.WithMounts(Yaml.Mount("/a-b", "x")) },
            { "AGS0308", Yaml.WithMounts(Yaml.Mount("/srv/w", "w", "false"), Yaml.Mount("/srv/w/d", "d")), 12, 19, Yaml.WithMounts(Yaml.Mount("/srv/w", "w", "false"), Yaml.Mount("/srv/d", "d")) },
            { "AGS0401", Yaml.Group() + "  - id: main\n    folder: b\n", 7, 9, Yaml.Group() + "  - id: b\n    folder: b\n" },
            { "AGS0402", Yaml.Group() + "  - id: b\n    folder: main\n", 8, 13, Yaml.Group() + "  - id: b\n    folder: b\n" },
            { "AGS0403", Yaml.Group(folder: "a/b"), 5, 13, Yaml.Group(folder: "a-b") },
            { "AGS0404", Yaml.Group(folder: "global"), 5, 13, Yaml.Group(folder: "global-notes") },
            { "AGS0405", Yaml.Group(id: "Main"), 4, 9, Yaml.Group(id: "main") },
            { "AGS0406", Yaml.Group(extra: "    main: true\n    env: {SKILL_DATA_DIR: /x}\n"), 7, 11, Yaml.Group(extra: "    main: true\n    env: {DATA_DIR: /x}\n") },
            { "AGS0407", Yaml.Group(extra: "    main: true\n    env: {A-B: x}\n"), 7, 11, Yaml.Group(extra: "    main: true\n    env: {A_B: x}\n") },
            { "AGS0408", Yaml.Group() + "  - id: b\n    folder: b\n    main: true\n", 9, 11, Yaml.Group() + "  - id: b\n    folder: b\n    main: false\n" },
            { "AGS0409", Yaml.Group(extra: string.Empty), 4, 9, Yaml.Group() },
            { "AGS0410", Yaml.Group() + "  - id: b\n    folder: b\n    mounts: [{hostPath: ~/x, containerPath: x, readonly: false}]\n", 9, 58, Yaml.Group() + "  - id: b\n    folder: b\n    mounts: [{hostPath: ~/x, containerPath: x, readonly: true}]\n" },
            { "AGS0411", Yaml.Group().Replace("defaults: {image: img}\n", string.Empty), 3, 9, Yaml.Group() },
            { "AGS0412", Yaml.Group(extra: "    main: true\n    user: \"0:0\"\n"), 7, 11, Yaml.Group(extra: "    main: true\n    user: \"1000:1000\"\n") },
            { "AGS0413", Yaml.Group(extra: "    main: true\n    limits: {pids: 8}\n"), 7, 20, Yaml.Group(extra: "    main: true\n    limits: {pids: 64}\n") },
            { "AGS0414", Yaml.Group().Replace("{image: img}", "{image: --privileged}"), 2, 19, Yaml.Group().Replace("{image: img}", "{image: agentspec/agent:latest}") },
            { "AGS0415", Yaml.Group(extra: "    main: true\n    env: {LD_PRELOAD: /x.so}\n"), 7, 11, Yaml.Group(extra: "    main: true\n    env: {LOG_LEVEL: debug}\n") },
            { "AGS0416", Yaml.Group() + "  - id: b\n    folder: b\n    network: proxy\n", 9, 14, Yaml.Group() + "  - id: b\n    folder: b\n    network: none\n" },
            { "AGS0417", Yaml.Group(extra: "    main: true\n    env: {MY=VAR: x}\n"), 7, 11, Yaml.Group(extra: "    main: true\n    env: {MY_VAR: x}\n") },
            { "AGS0418", Yaml.Group(extra: "    main: true\n    skills: [../x]\n"), 7, 14, Yaml.Group(extra: "    main: true\n    skills: [x]\n") },
            { "AGS0419", Yaml.Group(extra: "    main: true\n    skills: [a, a]\n"), 7, 17, Yaml.Group(extra: "    main: true\n    skills: [a, b]\n") },
            { "AGS0501", Yaml.Group(id: "\"ma\\u202Ein\""), 4, 9, Yaml.Group(id: "main") },
            { "AGS0701", Yaml.Head + "    egress:\n      - host: \"*\"\n", 9, 15, Yaml.Head + "    egress:\n      - host: \"*.x.com\"\n" },
            { "AGS0702", Yaml.Head + "    egress:\n      - host: \"a.*.com\"\n", 9, 15, Yaml.Head + "    egress:\n      - host: \"*.a.com\"\n" },
            { "AGS0703", Yaml.Head + "    egress:\n      - host: https://api.x.com/v1\n", 9, 15, Yaml.Head + "    egress:\n      - host: api.x.com\n" },
            { "AGS0704", Yaml.Head + "    egress:\n      - host: 10.0.0.0/8\n", 9, 15, Yaml.Head + "    egress:\n      - host: 10.0.0.1\n        private: true\n" },
            { "AGS0705", Yaml.Head + "    egress:\n      - host: 169.254.169.254\n", 9, 15, Yaml.Head + "    egress:\n      - host: 203.0.113.7\n" },
            { "AGS0706", Yaml.Head + "    egress:\n      - host: 192.168.1.1\n", 9, 15, Yaml.Head + "    egress:\n      - host: 192.168.1.1\n        private: true\n" },
            { "AGS0707", Yaml.Head + "    egress:\n      - host: api.x.com\n        port: 70000\n", 10, 15, Yaml.Head + "    egress:\n      - host: api.x.com\n        port: 7000\n" },
            { "AGS0708", Yaml.Head + "    egress:\n      - host: api.x.com\n      - host: api.x.com\n", 10, 15, Yaml.Head + "    egress:\n      - host: api.x.com\n      - host: api.y.com\n" },
            { "AGS0709", Yaml.Head + "    egress:\n      - host: Api.X.com\n", 9, 15, Yaml.Head + "    egress:\n      - host: api.x.com\n" },
            { "AGS0710", Yaml.Head + "    egress:\n      - host: api..x.com\n", 9, 15, Yaml.Head + "    egress:\n      - host: api.x.com\n" },
            { "AGS0711", Yaml.Head + "    egress:\n      - host: \"*.x.com\"\n        credential: k\n", 10, 21, Yaml.Head + "    egress:\n      - host: api.x.com\n        credential: k\n" },
            { "AGS0712", Yaml.Head + "    egress:\n      - host: api.x.com\n        credential: K!\n", 10, 21, Yaml.Head + "    egress:\n      - host: api.x.com\n        credential: k\n" },
            { "AGS0713", Yaml.Head + "    egress:\n      - host: api.x.com\n        apiKey: sk-1\n", 10, 9, Yaml.Head + "    egress:\n      - host: api.x.com\n        credential: k\n" },
            { "AGS0714", Yaml.Head + "    egress:\n      - host: api.x.com\n    network: proxy\n", 10, 14, Yaml.Head + "    egress:\n      - host: api.x.com\n" },
            { "AGS0715", Yaml.Head + "  - id: b\n    folder: b\n    egress:\n      - host: api.x.com\n", 10, 5, Yaml.Head + "  - id: b\n    folder: b\n    egress: []\n" },
            { "AGS0716", Yaml.Head + "  - id: b\n    folder: b\n    egress:\n      - host: api.x.com\n        credential: k\npolicy:\n  nonMainEgress: true\n", 12, 21, Yaml.Head + "  - id: b\n    folder: b\n    egress:\n      - host: api.x.com\npolicy:\n  nonMainEgress: true\n" },
            { "AGS0717", Yaml.Head + "  - id: b\n    folder: b\n    egress:\n      - host: \"*.x.com\"\npolicy:\n  nonMainEgress: true\n", 11, 15, Yaml.Head + "  - id: b\n    folder: b\n    egress:\n      - host: api.x.com\npolicy:\n  nonMainEgress: true\n" },
            { "AGS0718", Yaml.Head + "    egress:\n      - host: \"*.x.com\"\n        private: true\n", 9, 15, Yaml.Head + "    egress:\n      - host: \"*.x.com\"\n" },
            { "AGS0801", Yaml.Head + "    agent:\n      effort: hgih\n", 9, 15,
                Yaml.Head + "    agent:\n      effort: high\n" },
            { "AGS0802", Yaml.Head + "    agent:\n      maxMessagesPerPrompt: 0\n", 9, 29,
                Yaml.Head + "    agent:\n      maxMessagesPerPrompt: 10\n" },
            { "AGS0803", Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          args: [x]\n", 10, 9,
                Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n" },
            { "AGS0804", Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          env:\n            T: ghp_0123456789abcdefghij\n", 13, 16,
                Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          credentials:\n            T: github\n" },
            { "AGS0805", Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          env:\n            LD_PRELOAD: x\n", 13, 13,
                Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          env:\n            MODE: x\n" },
            { "AGS0806", Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          env:\n            T: x\n          credentials:\n            T: github\n", 15, 13,
                Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          credentials:\n            T: github\n" },
            { "AGS0807", Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          credentials:\n            T: GitHub\n", 13, 16,
                Yaml.Head + "    agent:\n      mcpServers:\n        github:\n          command: npx\n          credentials:\n            T: github\n" },
            { "AGS0808", Yaml.Head + "    agent:\n      mcpServers:\n        \"a b\":\n          command: npx\n", 10, 9,
                Yaml.Head + "    agent:\n      mcpServers:\n        a-b:\n          command: npx\n" },
            { "AGS0601", Yaml.WithMounts(Yaml.Mount("~/x", "x", null)), 9, 19, Yaml.WithMounts(Yaml.Mount("~/x", "x", "true")) },
            { "AGS0602", Yaml.WithMounts(Yaml.Mount("~/x", "skills")), 10, 24, Yaml.WithMounts(Yaml.Mount("~/x", "my-skills")) },
        };

        [Fact]
        public void Every_rule_the_compiler_raises_has_a_case()
        {
            var covered = Cases.Select(c => (string)c[0]).ToArray();
            Assert.Equal(covered.Length, covered.Distinct().Count());
            Assert.Equal(Rules.All.Select(r => r.Id).Except(NotRaisedByCompile).OrderBy(x => x), covered.OrderBy(x => x));
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Failing_case_reports_the_rule_at_its_location_and_the_fix_is_clean(string id, string failing, int line, int column, string passing)
        {
            var finding = AssertSingle(failing, id, line, column);
            Assert.Equal(Rules.Find(id)!.Severity, finding.Severity);
            Assert.DoesNotContain(Compile(passing).Findings, f => f.Id == id);
            var clean = Compile(passing);
            Assert.True(clean.Findings.Count == 0, Describe(clean));
        }
    }
}
