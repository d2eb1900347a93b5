using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// The plan model's own refusals and helpers, called directly: a plan built by code other than the compiler (a
    /// hand-written host, a stale generator) must meet the same rules. Expected values are written out here.
    /// </summary>
    public class MountSetTests
    {
        private static Mount Operator(string name, string target, bool readOnly = true, string source = "/srv/x") =>
            new(name, source, target, readOnly, MountOrigin.Operator);

        [Fact]
        public void The_host_managed_table_is_the_documented_one() => Expected.AssertHostManaged(HostManagedMounts.Table);

        [Fact]
        public void A_new_set_starts_with_the_host_managed_table_then_the_operator_mounts_in_order()
        {
            var set = new MountSet(new[] { Operator("b", "/workspace/extra/b"), Operator("a", "/workspace/extra/a", readOnly: false) });
            Assert.Equal(14, set.Count);
            Expected.AssertHostManaged(set.Take(12));
            Expected.AssertHostManaged(set.HostManaged);
            Assert.Equal(new[] { "b", "a" }, set.Operator.Select(m => m.Name));
            Assert.Equal("b", set[12].Name);
            Assert.Equal("/workspace/extra/a", set["a"]!.ContainerPath);
            Assert.Null(set["missing"]);
            Assert.Equal("extra", set["extra"]!.Name);
            Assert.Equal(new[] { "workspace", "agent", "skill-data", ".claude", "a" }, set.WriteSurface.Select(m => m.Name));
            Assert.Equal(set.Select(m => m.Name), ((System.Collections.IEnumerable)set).Cast<Mount>().Select(m => m.Name));
        }

        [Theory]
        [InlineData("/workspace/notes")]
        [InlineData("/workspace/extra")]
        [InlineData("/workspace/extras/x")]
        [InlineData("workspace/extra/x")]
        [InlineData("/home/node/.claude")]
        [InlineData("/workspace/extra/../skill-data")]
        [InlineData("/workspace/extra/./x")]
        [InlineData("/workspace/extra/a/..")]
        [InlineData("/workspace/extra/a/.")]
        public void An_operator_mount_outside_workspace_extra_or_with_dot_segments_is_refused(string target)
        {
            var e = Assert.Throws<ArgumentException>(() => new MountSet(new[] { Operator("x", target) }));
            Assert.Equal($"Operator mount 'x' must land under /workspace/extra/, not at '{target}'. (Parameter 'operatorMounts')", e.Message);
            Assert.Equal("operatorMounts", e.ParamName);
        }

        [Theory]
        [InlineData("/workspace/extra/x")]
        [InlineData("/workspace/extra/a/b")]
        [InlineData("/workspace/extra/..x")]
        [InlineData("/workspace/extra/x.")]
        [InlineData("/workspace/extra/.hidden")]
        public void Operator_mounts_under_workspace_extra_are_taken(string target) =>
            Assert.Equal(target, new MountSet(new[] { Operator("x", target) })[12].ContainerPath);

        [Fact]
        public void A_host_managed_mount_among_the_operator_mounts_is_refused()
        {
            var sneaky = new Mount("global", "/srv/mine", "/workspace/extra/global", false, MountOrigin.HostManaged);
            var e = Assert.Throws<ArgumentException>(() => new MountSet(new[] { sneaky }));
            Assert.Equal("Mount 'global' is not an operator mount; host-managed mounts come only from the compiled table. (Parameter 'operatorMounts')", e.Message);
        }

        [Fact]
        public void From_compiled_accepts_the_exact_table_and_rebuilds_the_same_set()
        {
            var expected = new MountSet(new[] { Operator("x", "/workspace/extra/x") });
            var rebuilt = MountSet.FromCompiled(Expected.HostManagedMounts.Append(Operator("x", "/workspace/extra/x")));
            Assert.Equal(expected, rebuilt);
            Assert.True(expected.Equals((object)rebuilt));
            Assert.Equal(expected.GetHashCode(), rebuilt.GetHashCode());
            Assert.Equal(12, MountSet.FromCompiled(Expected.HostManagedMounts).Count);
        }

        public static IEnumerable<object[]> AlteredTables()
        {
            var table = Expected.HostManagedMounts;
            for (var i = 0; i < table.Count; i++)
            {
                yield return new object[] { "re-moded " + table[i].Name, table.Select((m, j) => j == i ? m with { ReadOnly = !m.ReadOnly } : m).ToArray() };
                yield return new object[] { "moved " + table[i].Name, table.Select((m, j) => j == i ? m with { ContainerPath = m.ContainerPath + "2" } : m).ToArray() };
                yield return new object[] { "re-sourced " + table[i].Name, table.Select((m, j) => j == i ? m with { HostSource = "/srv/other" } : m).ToArray() };
                yield return new object[] { "removed " + table[i].Name, table.Where((_, j) => j != i).ToArray() };
            }

            yield return new object[] { "reordered", table.Reverse().ToArray() };
            yield return new object[] { "tmpfs turned into a bind", table.Select(m => m with { Kind = MountKind.Bind }).ToArray() };
            yield return new object[] { "empty", Array.Empty<Mount>() };
        }

        [Theory]
        [MemberData(nameof(AlteredTables))]
        public void From_compiled_refuses_a_host_managed_part_that_differs(string change, Mount[] mounts)
        {
            _ = change;
            var e = Assert.Throws<InvalidOperationException>(() => MountSet.FromCompiled(mounts));
            Assert.Equal("The compiled plan's host-managed mounts differ from this runtime's table; rebuild the project so the generator and runtime agree.", e.Message);
        }

        [Fact]
        public void Sets_compare_by_content()
        {
            var a = new MountSet(new[] { Operator("x", "/workspace/extra/x") });
            Assert.Equal(a, new MountSet(new[] { Operator("x", "/workspace/extra/x") }));
            Assert.NotEqual(a, new MountSet(new[] { Operator("x", "/workspace/extra/x", readOnly: false) }));
            Assert.NotEqual(a, new MountSet(Array.Empty<Mount>()));
            Assert.False(a.Equals((MountSet?)null));
            Assert.False(a.Equals("x"));
        }

        [Fact]
        public void Mount_reports_its_mode_origin_and_kind()
        {
            var ro = Operator("x", "/workspace/extra/x");
            Assert.Equal("ro", ro.Mode);
            Assert.Equal("rw", (ro with { ReadOnly = false }).Mode);
            Assert.False(ro.IsHostManaged);
            Assert.False(ro.IsTmpfs);
            Assert.True(HostManagedMounts.Table[11].IsTmpfs);
            Assert.True(HostManagedMounts.Table[0].IsHostManaged);
            Assert.Equal(MountKind.Bind, ro.Kind);
        }

        [Theory]
        [InlineData("/workspace", "workspace")]
        [InlineData("/workspace/notes", "workspace")]
        [InlineData("/workspace/agent", "agent")]
        [InlineData("/workspace/agent/x", "agent")]
        [InlineData("/workspace/agent/container.json", "container.json")]
        [InlineData("/workspace/agent/container.json/x", "container.json")]
        [InlineData("/workspace/agent/container.jsonx", "agent")]
        [InlineData("/workspace/skill-data/a", "skill-data")]
        [InlineData("/workspace/global", "global")]
        [InlineData("/workspace/extra", "extra")]
        [InlineData("/workspace/extra/x", "extra")]
        [InlineData("/workspace/extras", "workspace")]
        [InlineData("/home/node/.claude/settings.json", ".claude")]
        [InlineData("/app/skills", "skills")]
        [InlineData("/app/src/x", "src")]
        [InlineData("/app", null)]
        [InlineData("/app/sources", null)]
        [InlineData("/home/node", null)]
        [InlineData("/", null)]
        [InlineData("/workspacex", null)]
        public void Covering_names_the_innermost_host_managed_mount(string path, string? name) =>
            Assert.Equal(name, HostManagedMounts.Covering(path)?.Name);

        [Theory]
        [InlineData("workspace", "workspace")]
        [InlineData("agent", "agent")]
        [InlineData("container.json", "container.json")]
        [InlineData("skill-data", "skill-data")]
        [InlineData(".claude", ".claude")]
        [InlineData("global", "global")]
        [InlineData("skills", "skills")]
        [InlineData("src", "src")]
        [InlineData("extra", "extra")]
        [InlineData("notes", null)]
        [InlineData("skill", null)]
        [InlineData("", null)]
        public void Named_finds_a_mount_by_name_or_last_container_path_segment(string name, string? expected) =>
            Assert.Equal(expected, HostManagedMounts.Named(name)?.Name);

        [Fact]
        public void Container_json_and_the_two_claude_md_are_the_file_sources()
        {
            Assert.Equal(new[] { "container.json", "CLAUDE.md", "shared-CLAUDE.md" }, HostManagedMounts.Table.Where(HostManagedMounts.IsFileSource).Select(m => m.Name));
            Assert.False(HostManagedMounts.IsFileSource(Operator("container.json", "/workspace/extra/container.json")));
        }

        [Theory]
        [InlineData("{dataRoot}/data/v2-sessions/{id}/{session}", "/data", "g", "f", "s1", "/data/data/v2-sessions/g/s1")]
        [InlineData("{dataRoot}/groups/{folder}", "/data/", "g", "f", "default", "/data/groups/f")]
        [InlineData("{dataRoot}/groups/{folder}/container.json", "/d//", "g", "main", "default", "/d/groups/main/container.json")]
        [InlineData("{dataRoot}/data/v2-sessions/{id}/skill-data", "/d", "research", "r", "x", "/d/data/v2-sessions/research/skill-data")]
        public void Resolve_fills_every_token(string template, string dataRoot, string id, string folder, string session, string expected) =>
            Assert.Equal(expected, HostManagedMounts.Resolve(template, dataRoot, id, folder, session));

        [Fact]
        public void Resolve_uses_the_default_session_unless_one_is_named() =>
            Assert.Equal("/d/data/v2-sessions/g/default", HostManagedMounts.Resolve("{dataRoot}/data/v2-sessions/{id}/{session}", "/d", "g", "f"));

        [Fact]
        public void The_reserved_environment_is_the_documented_one()
        {
            Assert.Equal(Expected.ReservedEnvironment.OrderBy(n => n, StringComparer.Ordinal), HostManagedMounts.ReservedEnvironment.Keys.OrderBy(n => n, StringComparer.Ordinal));
            foreach (var name in Expected.ReservedEnvironment)
            {
                Assert.True(HostManagedMounts.IsReservedEnvironmentName(name), name);
                Assert.Equal(name.StartsWith("AGENTSPEC_", StringComparison.Ordinal), HostManagedMounts.IsReservedEnvironmentName(name + "X"));
            }

            Assert.True(HostManagedMounts.IsReservedEnvironmentName("AGENTSPEC_ANYTHING"));
            Assert.False(HostManagedMounts.IsReservedEnvironmentName("agentspec_x"));
            Assert.False(HostManagedMounts.IsReservedEnvironmentName("MY_AGENTSPEC_X"));
            Assert.False(HostManagedMounts.IsReservedEnvironmentName("Home"));
        }

        [Fact]
        public void Base_environment_is_written_out()
        {
            Assert.Equal(
                new[] { ("SKILL_DATA_DIR", "/workspace/skill-data"), ("HOME", "/home/node"), ("AGENTSPEC_GROUP_ID", "g"), ("AGENTSPEC_GROUP_FOLDER", "f"), ("AGENTSPEC_MAIN", "true") },
                HostManagedMounts.BaseEnvironment("g", "f", true).Select(kv => (kv.Key, kv.Value)));
            Assert.Equal("false", HostManagedMounts.BaseEnvironment("g", "f", false).Last().Value);
        }

        [Fact]
        public void The_constants_are_the_documented_ones()
        {
            Assert.Equal("/workspace/extra", HostManagedMounts.OperatorMountRoot);
            Assert.Equal("{dataRoot}/data/v2-sessions/{id}", HostManagedMounts.GroupDataTemplate);
            Assert.Equal("default", HostManagedMounts.DefaultSession);
            Assert.Equal("tmpfs", HostManagedMounts.TmpfsSource);
            Assert.Equal("SKILL_DATA_DIR", HostManagedMounts.SkillDataDirVariable);
            Assert.Equal("/workspace/skill-data", HostManagedMounts.SkillDataContainerPath);
        }
    }
}
