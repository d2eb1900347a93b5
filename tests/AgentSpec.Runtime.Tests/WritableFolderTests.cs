using System;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Run-time half of AGS0308 on real files: no mount source (of this group or any group of the installation) may
    /// lie strictly inside a folder some group mounts read-write, whatever path or link leads to it.
    /// </summary>
    public sealed class WritableFolderTests : IDisposable
    {
        private readonly TestHost _host = new();

        public WritableFolderTests() => _host.WriteDefaultAllowlist(nonMainReadOnly: false);

        public void Dispose() => _host.Dispose();

        private HostCheckResult Check(GroupPlan plan, params GroupPlan[] installation)
        {
            GroupInit.Init(plan, _host.DataRoot);
            return HostCheck.Check(plan, _host.Options() with { Installation = installation });
        }

        [Fact]
        public void Own_read_only_mount_inside_own_read_write_mount_is_refused_even_through_an_alias()
        {
            var work = _host.HomeDir("projects/work");
            _host.HomeDir("projects/work/reference");
            // Declared through a link, so the declared paths do not show the nesting; the real paths do.
            File.CreateSymbolicLink(Path.Join(_host.Home, "projects/ref-link"), Path.Join(work, "reference"));
            var plan = TestHost.Plan("main", true, TestHost.Op("work", "~/projects/work", readOnly: false), TestHost.Op("ref", "~/projects/ref-link"));

            var result = Check(plan);

            var error = Assert.Single(result.Errors);
            Assert.Equal("ref", error.MountName);
            Assert.Contains($"lies inside {work}, which group 'main' mounts read-write (mount 'work')", error.Reason);
        }

        [Fact]
        public void Another_groups_read_write_folder_counts_even_when_that_group_is_not_running()
        {
            var shared = _host.HomeDir("projects/shared");
            _host.HomeDir("projects/shared/docs");
            var writer = TestHost.Plan("writer", true, TestHost.Op("shared", "~/projects/shared", readOnly: false));
            var reader = TestHost.Plan("reader", false, TestHost.Op("docs", "~/projects/shared/docs"));

            Assert.True(Check(reader).Succeeded, "alone, the reader's mount is fine");
            var error = Assert.Single(Check(reader, writer, reader).Errors);
            Assert.Contains($"lies inside {shared}, which group 'writer' mounts read-write (mount 'shared')", error.Reason);
        }

        [Fact]
        public void The_same_folder_is_sharing_and_a_sibling_is_not_inside()
        {
            _host.HomeDir("projects/shared");
            _host.HomeDir("projects/shared-docs");
            var writer = TestHost.Plan("writer", true, TestHost.Op("shared", "~/projects/shared", readOnly: false));
            var reader = TestHost.Plan("reader", false, TestHost.Op("same", "~/projects/shared"), TestHost.Op("sibling", "~/projects/shared-docs"));

            var result = Check(reader, writer, reader);
            Assert.True(result.Succeeded, TestHost.Describe(result.Errors));
        }

        [Fact]
        public void A_data_root_inside_a_read_write_folder_is_refused_for_every_group()
        {
            var projects = _host.HomeDir("projects/data-holder");
            var writer = TestHost.Plan("writer", true, TestHost.Op("holder", "~/projects/data-holder", readOnly: false));
            var plain = TestHost.Plan("plain", false);
            var options = new HostCheckOptions(Path.Join(projects, "agentspec")) { Home = _host.Home, AllowlistPath = _host.AllowlistPath, Installation = new[] { writer, plain } };
            GroupInit.Init(plain, options.DataRoot);

            var error = Assert.Single(HostCheck.Check(plain, options).Errors);
            Assert.Contains($"the data root {options.DataRoot} lies inside {projects}, which group 'writer' mounts read-write (mount 'holder')", error.Reason);
            Assert.Contains("use a data root outside", error.Fix);

            // The launcher refuses it before group-init creates anything there.
            var elsewhere = new HostCheckOptions(Path.Join(projects, "fresh")) { Home = _host.Home, AllowlistPath = _host.AllowlistPath, Installation = new[] { writer, plain } };
            var refused = Assert.Throws<RuntimeError>(() => GroupLauncher.Prepare(plain, new GroupRunOptions(elsewhere)));
            Assert.Contains($"lies inside {projects}, which group 'writer' mounts read-write", refused.Message);
            Assert.False(Directory.Exists(elsewhere.DataRoot));
        }
    }
}
