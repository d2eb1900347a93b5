using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    public sealed class GroupInitTests : IDisposable
    {
        private readonly TestHost _host = new();

        public void Dispose() => _host.Dispose();

        [Fact]
        public void Init_CreatesEveryHostManagedSource()
        {
            var plan = TestHost.Plan("main");
            var report = GroupInit.Init(plan, _host.DataRoot);

            Assert.True(report.CreatedAnything);
            var sources = new[]
            {
                ("workspace", "data/v2-sessions/main/default"), ("agent", "groups/main"), ("container.json", "groups/main/container.json"),
                ("skill-data", "data/v2-sessions/main/skill-data"), (".claude", "data/v2-sessions/main/.claude-shared"), ("global", "groups/global"),
                ("skills", "container/skills"), ("src", "container/agent-runner/src"),
                ("CLAUDE.md", "groups/main/CLAUDE.md"), (".claude-fragments", "groups/main/.claude-fragments"), ("shared-CLAUDE.md", "container/CLAUDE.md"),
            };
            foreach (var (name, relative) in sources)
            {
                var path = Path.Join(_host.DataRoot, relative);
                if (name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".md", StringComparison.Ordinal))
                {
                    Assert.True(File.Exists(path), path);
                }
                else
                {
                    Assert.True(Directory.Exists(path), path);
                }

                Assert.Contains(report.Created, e => e.Path == path);
            }

            var claude = Path.Join(_host.DataRoot, "data/v2-sessions/main/.claude-shared");
            Assert.True(File.Exists(Path.Join(claude, "settings.json")));
            Assert.True(Directory.Exists(Path.Join(claude, "skills")));
            Assert.True(Directory.Exists(Path.Join(_host.DataRoot, "data/v2-sessions/main/default")));
            Assert.Contains("\"agentGroupId\": \"main\"", File.ReadAllText(Path.Join(_host.DataRoot, "groups/main/container.json")));
        }

        [Fact]
        public void Init_SecondRun_ReportsNothing_KeepsEveryFile_AndRewritesContainerJsonFromThePlan()
        {
            var plan = TestHost.Plan("main");
            GroupInit.Init(plan, _host.DataRoot);
            var marker = Path.Join(_host.SkillData("main"), "state.txt");
            File.WriteAllText(marker, "kept");
            var containerJson = Path.Join(_host.DataRoot, "groups/main/container.json");
            File.WriteAllText(containerJson, "{\"edited\": true}");
            var settings = Path.Join(_host.DataRoot, "data/v2-sessions/main/.claude-shared/settings.json");
            File.WriteAllText(settings, "{}");

            var second = GroupInit.Init(plan, _host.DataRoot);

            Assert.False(second.CreatedAnything, string.Join(", ", second.Created));
            Assert.Equal("kept", File.ReadAllText(marker));
            // container.json is the host's, written from the plan before each spawn: an edit never survives.
            Assert.Equal(TestHost.ExpectedContainerJson("main"), File.ReadAllText(containerJson));
            Assert.Equal("{}", File.ReadAllText(settings));
        }

        [Fact]
        public async Task Init_ConcurrentlyFromManyTasks_BuildsOneCorrectTree_EachEntryReportedOnce()
        {
            var plan = TestHost.Plan("busy");
            var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => GroupInit.Init(plan, _host.DataRoot))));

            var all = reports.SelectMany(r => r.Created).ToList();
            Assert.Equal(all.Count, all.Distinct().Count());
            var fresh = new TestHost();
            try
            {
                var expected = GroupInit.Init(plan, fresh.DataRoot).Created.Select(e => Path.GetRelativePath(fresh.DataRoot, e.Path)).OrderBy(p => p, StringComparer.Ordinal);
                Assert.Equal(expected, all.Select(e => Path.GetRelativePath(_host.DataRoot, e.Path)).OrderBy(p => p, StringComparer.Ordinal));
            }
            finally
            {
                fresh.Dispose();
            }

            var json = File.ReadAllText(Path.Join(_host.DataRoot, "groups/busy/container.json"));
            Assert.Equal(TestHost.ExpectedContainerJson("busy"), json);
            Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_host.DataRoot, "groups/busy"), "*.init-*", SearchOption.AllDirectories));
            Assert.Empty(Directory.GetFileSystemEntries(Path.Join(_host.DataRoot, "data"), "*.init-*", SearchOption.AllDirectories));
        }

        [Fact]
        public void Init_SetsPrivateModesOnPerGroupData()
        {
            GroupInit.Init(TestHost.Plan("main"), _host.DataRoot);
            var sessions = Path.Join(_host.DataRoot, "data/v2-sessions/main");
            foreach (var dir in new[] { sessions, Path.Join(sessions, "default"), Path.Join(sessions, "skill-data"), Path.Join(sessions, ".claude-shared"), Path.Join(sessions, ".claude-shared/skills"), Path.Join(_host.DataRoot, "groups/main") })
            {
                Assert.Equal(GroupInit.PrivateDirectoryMode, File.GetUnixFileMode(dir));
            }

            Assert.Equal(GroupInit.PrivateDirectoryMode, File.GetUnixFileMode(Path.Join(_host.DataRoot, "groups")));
            Assert.Equal(GroupInit.SharedDirectoryMode, File.GetUnixFileMode(Path.Join(_host.DataRoot, "groups/global")));
            Assert.Equal(GroupInit.SharedDirectoryMode, File.GetUnixFileMode(Path.Join(_host.DataRoot, "container/skills")));
            Assert.Equal(GroupInit.ReadOnlyFileMode, File.GetUnixFileMode(Path.Join(_host.DataRoot, "groups/main/container.json")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(sessions, ".claude-shared/settings.json")));
        }

        [Fact]
        public void InitMany_CreatesSharedFoldersOnce()
        {
            var reports = GroupInit.InitMany(new[] { TestHost.Plan("one"), TestHost.Plan("two", main: false) }, _host.DataRoot);

            Assert.Equal(2, reports.Count);
            var global = Path.Join(_host.DataRoot, "groups/global");
            Assert.Single(reports.SelectMany(r => r.Created), e => e.Path == global);
            Assert.Contains(reports[1].Created, e => e.Path == _host.SkillData("two"));
            Assert.All(GroupInit.InitMany(new[] { TestHost.Plan("one"), TestHost.Plan("two", main: false) }, _host.DataRoot), r => Assert.False(r.CreatedAnything));
        }

        [Fact]
        public void Init_RefusesASymlinkedGroupFolder()
        {
            var elsewhere = _host.HomeDir("elsewhere");
            Directory.CreateDirectory(Path.Join(_host.DataRoot, "groups"));
            Directory.CreateSymbolicLink(Path.Join(_host.DataRoot, "groups/main"), elsewhere);

            var error = Assert.Throws<RuntimeError>(() => GroupInit.Init(TestHost.Plan("main"), _host.DataRoot));

            Assert.Contains("symbolic link", error.Message);
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        }
    }
}
