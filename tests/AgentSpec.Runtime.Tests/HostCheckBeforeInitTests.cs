using System;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>HostCheck's BeforeInit mode (agentspec doctor) and HostPaths.Predict: diagnose without group-init, change nothing.</summary>
    public sealed class HostCheckBeforeInitTests : IDisposable
    {
        private readonly TestHost _host = new();

        public void Dispose() => _host.Dispose();

        [Fact]
        public void Folders_group_init_would_create_are_listed_not_refused_and_nothing_is_created()
        {
            var plan = TestHost.Plan("main");
            var result = HostCheck.Check(plan, _host.Options() with { BeforeInit = true });

            Assert.True(result.Succeeded, TestHost.Describe(result.Errors));
            Assert.Equal(new[] { "workspace", "agent", "container.json", "CLAUDE.md", ".claude-fragments", "skill-data", ".claude", "global", "skills", "src", "shared-CLAUDE.md" }, result.ToCreate.Select(b => b.MountName));
            Assert.False(Directory.Exists(Path.Join(_host.DataRoot, "data")), "the check created the data folders");
            Assert.False(Directory.Exists(Path.Join(_host.DataRoot, "groups")), "the check created the group folders");
        }

        [Fact]
        public void A_link_on_the_way_to_a_folder_group_init_would_create_is_refused()
        {
            Directory.CreateDirectory(Path.Join(_host.DataRoot, "data"));
            Directory.CreateSymbolicLink(Path.Join(_host.DataRoot, "data/v2-sessions"), _host.HomeDir("elsewhere"));

            var result = HostCheck.Check(TestHost.Plan("main"), _host.Options() with { BeforeInit = true });

            Assert.Equal(["workspace", "skill-data", ".claude"], result.Errors.Select(e => e.MountName));
            Assert.All(result.Errors, e => Assert.Equal(HostProblemKind.HostManaged, e.Kind));
            Assert.All(result.Errors, e => Assert.Contains("is a symbolic link", e.Reason));
        }

        [Fact]
        public void A_missing_operator_folder_is_also_checked_against_the_allowlist_on_the_path_it_will_have()
        {
            var plan = TestHost.Plan("main", true, TestHost.Op("notes", "~/notes/2025", readOnly: false));
            var result = HostCheck.Check(plan, _host.Options() with { BeforeInit = true });

            Assert.Equal([HostProblemKind.Missing, HostProblemKind.AllowlistMissing], result.Errors.Select(e => e.Kind));

            // Without the mode the spawn path stops at the first layer, as before.
            GroupInit.Init(plan, _host.DataRoot);
            var spawn = HostCheck.Check(plan, _host.Options());
            Assert.Equal([HostProblemKind.Missing], spawn.Errors.Select(e => e.Kind));
        }

        [Fact]
        public void Predict_gives_the_real_path_a_missing_folder_will_have()
        {
            var real = _host.HomeDir("real");
            File.CreateSymbolicLink(Path.Join(_host.Home, "link"), real);
            File.CreateSymbolicLink(Path.Join(_host.Home, "dangling"), Path.Join(_host.Home, "nowhere"));

            Assert.Equal(real, HostPaths.Predict(Path.Join(_host.Home, "link")));
            Assert.Equal(Path.Join(real, "a/b"), HostPaths.Predict(Path.Join(_host.Home, "link/a/b")));
            Assert.Null(HostPaths.Predict(Path.Join(_host.Home, "dangling/a")));
        }
    }
}
