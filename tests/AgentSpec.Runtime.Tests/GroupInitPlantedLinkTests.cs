using System;
using System.IO;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Issue 18, hole 1, at each operation's path: a link planted where group-init creates a folder or a file, at its
    /// temp names, or above them, is refused (or removed, for a stale temp) and nothing outside the data root changes.
    /// The race from a running container is <see cref="GroupInitLinkRaceTests"/>.
    /// </summary>
    public sealed class GroupInitPlantedLinkTests : IDisposable
    {
        private const string Claude = "data/v2-sessions/main/.claude-shared";

        private readonly TestHost _host = new();
        private readonly PlantTargets _target;

        public GroupInitPlantedLinkTests() => _target = PlantTargets.Create(_host);

        public void Dispose() => _host.Dispose();

        private string At(string relative) => Path.Join(_host.DataRoot, relative);

        [Theory]
        [InlineData("groups")]
        [InlineData("groups/main")]
        [InlineData("groups/global")]
        [InlineData("data")]
        [InlineData("data/v2-sessions")]
        [InlineData("data/v2-sessions/main")]
        [InlineData("data/v2-sessions/main/default")]
        [InlineData("data/v2-sessions/main/skill-data")]
        [InlineData(Claude)]
        [InlineData(Claude + "/skills")]
        [InlineData("container")]
        [InlineData("container/skills")]
        [InlineData("container/agent-runner/src")]
        [InlineData("groups/main/.claude-fragments")]
        public void A_link_in_place_of_a_folder_init_creates_is_refused_and_its_target_untouched(string relative)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(At(relative))!);
            Directory.CreateSymbolicLink(At(relative), _target.Folder);

            var error = Assert.Throws<RuntimeError>(() => GroupInit.Init(TestHost.Plan("main"), _host.DataRoot));

            Assert.Contains($"'{At(relative)}' is a symbolic link", error.Message);
            Assert.Contains("Remove the link and run again", error.Message);
            _target.AssertUntouched("after init");
        }

        [Theory]
        [InlineData("groups/main/container.json")]
        [InlineData("groups/main/CLAUDE.md")]
        [InlineData("container/CLAUDE.md")]
        [InlineData(Claude + "/settings.json")]
        public void A_link_in_place_of_a_file_init_writes_is_refused_and_its_target_untouched(string relative)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(At(relative))!);
            File.CreateSymbolicLink(At(relative), _target.File);

            var error = Assert.Throws<RuntimeError>(() => GroupInit.Init(TestHost.Plan("main"), _host.DataRoot));

            Assert.Contains($"'{At(relative)}' is a symbolic link", error.Message);
            _target.AssertUntouched("after init");
        }

        [Fact]
        public void Stale_temp_files_of_an_interrupted_init_are_removed_by_the_next_without_following_links()
        {
            GroupInit.Init(TestHost.Plan("main"), _host.DataRoot);
            File.Delete(At(Claude + "/settings.json"));
            var staleLink = At(Claude + "/.settings.json.init-0badc0de");
            File.CreateSymbolicLink(staleLink, _target.File);
            var staleFile = At(Claude + "/.settings.json.init-1badc0de");
            var staleJson = At("groups/main/.container.json.init-2badc0de");
            var young = At(Claude + "/.settings.json.init-3badc0de");
            var folder = At(Claude + "/.settings.json.init-4badc0de");
            foreach (var file in new[] { staleFile, staleJson, young })
            {
                File.WriteAllText(file, "{ half written");
            }

            Directory.CreateDirectory(folder);
            foreach (var old in new[] { staleLink, staleFile, staleJson, folder })
            {
                TestHost.Sh("touch", "-h", "-d", "2001-01-01", old); // -h: the link itself, never its target
            }

            var report = GroupInit.Init(TestHost.Plan("main"), _host.DataRoot);

            foreach (var gone in new[] { staleLink, staleFile, staleJson })
            {
                Assert.False(HostFiles.Lstat(gone).HasValue, $"{gone} should have been removed");
            }

            Assert.True(File.Exists(young), "a fresh temp may be a concurrent init's and is kept");
            Assert.True(Directory.Exists(folder), "a folder is not a temp file of group-init and is kept");
            Assert.Equal(GroupInit.DefaultClaudeSettings, File.ReadAllText(At(Claude + "/settings.json")));
            Assert.Contains(report.Created, e => e.Path == At(Claude + "/settings.json"));
            _target.AssertUntouched("after init");
        }

        [Fact]
        public void Files_are_created_whole_with_their_exact_mode_and_no_temp_name_is_left()
        {
            var report = GroupInit.Init(TestHost.Plan("main"), _host.DataRoot);

            Assert.Contains(report.Created, e => e.Path == At(Claude + "/settings.json"));
            Assert.Empty(Directory.GetFileSystemEntries(At(Claude), ".*.init-*"));
            Assert.Empty(Directory.GetFileSystemEntries(At("groups/main"), ".*.init-*"));
            Assert.Equal(TestHost.ExpectedContainerJson("main"), File.ReadAllText(At("groups/main/container.json")));
        }

        [Fact]
        public void The_session_lock_is_never_created_through_a_linked_group_folder()
        {
            Directory.CreateDirectory(At("data/v2-sessions"));
            Directory.CreateSymbolicLink(At("data/v2-sessions/main"), _target.Folder);

            var error = Assert.Throws<RuntimeError>(() => SessionLock.Acquire(_host.DataRoot, "main", "default", "test"));

            Assert.Contains("cannot open the session lock", error.Message);
            Assert.Contains("not a symbolic link", error.Message);
            _target.AssertUntouched("after the lock");
        }

        [Fact]
        public void A_linked_session_lock_file_is_refused()
        {
            GroupInit.Init(TestHost.Plan("main"), _host.DataRoot);
            File.CreateSymbolicLink(At("data/v2-sessions/main/.session-default.lock"), _target.File);

            Assert.Throws<RuntimeError>(() => SessionLock.Acquire(_host.DataRoot, "main", "default", "test"));
            _target.AssertUntouched("after the lock");
        }
    }
}
