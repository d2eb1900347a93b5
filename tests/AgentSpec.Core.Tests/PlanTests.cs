using System.Linq;
using AgentSpec.Model;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>What a clean file compiles into: the host-managed table first, then the operator mounts.</summary>
    public class PlanTests
    {
        [Fact]
        public void Example_groups_yaml_compiles_into_three_plans()
        {
            var result = AssertClean(Yaml.Example);
            Assert.Equal(new[] { "main", "research", "reviewer" }, result.Plans.Select(p => p.Id));

            var main = result.Plans[0];
            Assert.True(main.IsMain);
            Assert.True(main.AllSkills);
            Assert.Equal("agentspec/agent:latest", main.Image);
            Assert.Equal("debug", main.GetEnvironment("LOG_LEVEL"));
            Assert.Equal(
                new[] { ("/workspace/extra/webapp", "~/projects/webapp", false), ("/workspace/extra/notes", "~/notes", false) },
                main.Mounts.Operator.Select(m => (m.ContainerPath, m.HostSource, m.ReadOnly)));

            var research = result.Plans[1];
            Assert.False(research.IsMain);
            Assert.Equal(new[] { "web-search", "summarize" }, research.Skills!.Value);
            Assert.Equal(new[] { ("/workspace/extra/papers", "~/papers", true) }, research.Mounts.Operator.Select(m => (m.ContainerPath, m.HostSource, m.ReadOnly)));

            var reviewer = result.Plans[2];
            Assert.Equal(
                new[] { "/workspace/extra/projects/webapp", "/workspace/extra/style-guides" },
                reviewer.Mounts.Operator.Select(m => m.ContainerPath));
        }

        [Fact]
        public void Every_plan_starts_with_the_twelve_host_managed_mounts()
        {
            // With a list of skills, /app/skills is a tmpfs and the skills' binds follow it (see GroupRuleTests).
            foreach (var plan in AssertClean(Yaml.Example).Plans.Where(p => p.AllSkills))
            {
                Expected.AssertHostManaged(plan.Mounts.Take(12));
                Assert.Equal(
                    new[]
                    {
                        ("/workspace", "rw", MountKind.Bind), ("/workspace/agent", "rw", MountKind.Bind), ("/workspace/agent/container.json", "ro", MountKind.Bind),
                        ("/workspace/agent/CLAUDE.md", "ro", MountKind.Bind), ("/workspace/agent/.claude-fragments", "ro", MountKind.Bind),
                        ("/workspace/skill-data", "rw", MountKind.Bind), ("/home/node/.claude", "rw", MountKind.Bind), ("/workspace/global", "ro", MountKind.Bind),
                        ("/app/skills", "ro", MountKind.Bind), ("/app/src", "ro", MountKind.Bind), ("/app/CLAUDE.md", "ro", MountKind.Bind),
                        ("/workspace/extra", "ro", MountKind.Tmpfs),
                    },
                    plan.Mounts.Take(12).Select(m => (m.ContainerPath, m.Mode, m.Kind)));
                Assert.All(plan.Mounts.Take(12), m => Assert.True(m.IsHostManaged));
                Assert.Equal("rw", plan.Mounts["skill-data"]!.Mode);
                Assert.Equal("/workspace/skill-data", plan.GetEnvironment("SKILL_DATA_DIR"));
                Assert.Equal(plan.Id, plan.GetEnvironment("AGENTSPEC_GROUP_ID"));
            }
        }

        [Fact]
        public void Readonly_left_out_defaults_to_true_with_a_note()
        {
            var text = Yaml.WithMounts(Yaml.Mount("~/x", "x", readOnly: null));
            var f = AssertSingle(text, "AGS0601", 9, 19);
            Assert.Contains("read-only", f.Message);
            var mount = Compile(text).Plans[0].Mounts["x"]!;
            Assert.True(mount.ReadOnly);
            Assert.Equal("ro", mount.Mode);
        }

        [Fact]
        public void Flow_mount_without_readonly_notes_at_the_container_path() =>
            AssertSingle(Yaml.WithMounts("      - {hostPath: ~/x, containerPath: x}\n"), "AGS0601", 9, 40);

        [Fact]
        public void Anchors_aliases_and_merge_keys_compile_into_the_expected_plans()
        {
            const string text =
                "version: 1\n" +
                "x-base: &base\n" +
                "  image: agentspec/agent:1\n" +
                "  skills: all\n" +
                "x-ro: &ro\n" +
                "  readonly: true\n" +
                "x-mounts: &mounts\n" +
                "  - <<: *ro\n" +
                "    hostPath: ~/papers\n" +
                "    containerPath: papers\n" +
                "groups:\n" +
                "  - <<: *base\n" +
                "    id: main\n" +
                "    folder: main\n" +
                "    main: true\n" +
                "    mounts: *mounts\n" +
                "  - <<: [*base]\n" +
                "    id: helper\n" +
                "    folder: helper\n" +
                "    image: other:2\n" +
                "    env: &env\n" +
                "      MODE: quiet\n" +
                "    mounts:\n" +
                "      - <<: *ro\n" +
                "        hostPath: /srv/docs\n" +
                "        containerPath: docs\n" +
                "      - <<: *ro\n" +
                "        hostPath: ~/papers\n" +
                "        containerPath: papers\n" +
                "        readonly: true\n";
            var plans = AssertClean(text).Plans;
            Assert.Equal(2, plans.Count);
            Assert.Equal("agentspec/agent:1", plans[0].Image);
            Assert.Equal("other:2", plans[1].Image);
            Assert.True(plans[0].AllSkills && plans[1].AllSkills);
            Assert.Equal("quiet", plans[1].GetEnvironment("MODE"));
            Assert.Equal(new[] { ("/workspace/extra/papers", "~/papers", true) }, plans[0].Mounts.Operator.Select(m => (m.ContainerPath, m.HostSource, m.ReadOnly)));
            Assert.Equal(
                new[] { ("/workspace/extra/docs", "/srv/docs", true), ("/workspace/extra/papers", "~/papers", true) },
                plans[1].Mounts.Operator.Select(m => (m.ContainerPath, m.HostSource, m.ReadOnly)));
        }

        [Fact]
        public void Operator_mount_name_is_the_normalised_container_path()
        {
            var plan = AssertClean(Yaml.WithMounts(Yaml.Mount("~/x", "projects//webapp/"))).Plans[0];
            var mount = Assert.Single(plan.Mounts.Operator);
            Assert.Equal("projects/webapp", mount.Name);
            Assert.Equal("/workspace/extra/projects/webapp", mount.ContainerPath);
            Assert.Equal(MountOrigin.Operator, mount.Origin);
        }
    }
}
