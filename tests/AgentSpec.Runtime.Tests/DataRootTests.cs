using System;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>The data root is trusted only when the operator made it, and never sits where it exposes secrets or the allowlist.</summary>
    public sealed class DataRootTests : IDisposable
    {
        private const UnixFileMode All = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

        private readonly TestHost _host = new();

        public void Dispose() => _host.Dispose();

        private RuntimeError PrepareFails(string dataRoot) =>
            Assert.Throws<RuntimeError>(() => GroupLauncher.Prepare(TestHost.Plan("main"), new GroupRunOptions(_host.Options() with { DataRoot = dataRoot })));

        [Fact]
        public void MissingDataRoot_IsCreatedByInit_0700_LikeTheDefaultOne_WithPrivateGroupFolders_AndTrusted()
        {
            var root = Path.Join(_host.Root, "fresh");

            var prepared = GroupLauncher.Prepare(TestHost.Plan("main"), new GroupRunOptions(_host.Options() with { DataRoot = root }));

            Assert.True(prepared.Check.Succeeded, TestHost.Describe(prepared.Check.Errors));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(root));
            Assert.Equal(GroupInit.PrivateDirectoryMode, File.GetUnixFileMode(Path.Join(root, "data/v2-sessions/main")));
            Assert.Empty(DataRootCheck.Problems(root, _host.Home, _host.AllowlistPath));
        }

        [Fact]
        public void WorldWritableDataRoot_IsRefusedByInit_AndByTheHostCheck()
        {
            File.SetUnixFileMode(_host.DataRoot, All);

            var init = Assert.Throws<RuntimeError>(() => GroupInit.Init(TestHost.Plan("main"), _host.DataRoot));
            Assert.Contains($"{_host.DataRoot} is writable by everyone (mode 0777)", init.Message);
            Assert.Contains($"`chmod go-w {_host.DataRoot}`", init.Message);
            Assert.False(Directory.Exists(Path.Join(_host.DataRoot, "data")));

            var check = HostCheck.Check(TestHost.Plan("main"), _host.Options());
            var error = check.Errors.First();
            Assert.Equal(string.Empty, error.MountName);
            Assert.StartsWith($"group 'main': the data root {_host.DataRoot} is not trusted", error.Message);
        }

        [Fact]
        public void GroupWritableParent_IsRefusedBeforeAnythingIsCreated()
        {
            var parent = Path.Join(_host.Root, "shared");
            Directory.CreateDirectory(parent);
            File.SetUnixFileMode(parent, TestHost.SharedMode | UnixFileMode.GroupWrite);
            var root = Path.Join(parent, "agentspec");

            var error = PrepareFails(root);

            Assert.Contains($"{parent} is writable by its group (mode 0775)", error.Message);
            Assert.False(Directory.Exists(root));
        }

        [Fact]
        public void DataRootOwnedByAnotherUser_IsRefused()
        {
            TestHost.Sh("chown", "1000:1000", _host.DataRoot);

            var error = PrepareFails(_host.DataRoot);

            Assert.Contains($"{_host.DataRoot} is owned by uid 1000", error.Message);
            Assert.Contains($"`chown 0 {_host.DataRoot}`", error.Message);
        }

        [Fact]
        public void SymlinkedDataRoot_IsCheckedOnItsRealPath()
        {
            var real = Path.Join(_host.Root, "elsewhere", "data");
            Directory.CreateDirectory(real);
            File.SetUnixFileMode(Path.GetDirectoryName(real)!, All);
            var link = Path.Join(_host.Root, "link");
            Directory.CreateSymbolicLink(link, real);

            var error = PrepareFails(link);

            Assert.Contains($"the data root {link} (a symbolic link; its real path {real} was checked) is not trusted", error.Message);
            Assert.Contains($"{Path.GetDirectoryName(real)} is writable by everyone", error.Message);
        }

        [Theory]
        [InlineData(".ssh/agentspec", "matches the blocked pattern '.ssh'")]
        [InlineData(".config/agentspec/data", "blocked location '~/.config/agentspec'")]
        [InlineData(".local/bin/agentspec", "blocked location '~/.local/bin'")]
        public void DataRootInABlockedLocation_IsRefusedBeforeInit(string relative, string expected)
        {
            var root = Path.Join(_host.Home, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(root)!);

            var error = PrepareFails(root);

            Assert.Contains(expected, error.Message);
            Assert.Contains("choose a data root of its own", error.Message);
            Assert.False(Directory.Exists(root));
        }

        [Fact]
        public void DataRootReachedThroughASymlinkIntoABlockedLocation_IsRefused()
        {
            var keys = Path.Join(_host.Home, ".ssh");
            Directory.CreateDirectory(keys);
            var link = Path.Join(_host.Home, "agentspec-data");
            Directory.CreateSymbolicLink(link, keys);

            Assert.Contains("blocked pattern '.ssh'", PrepareFails(link).Message);
        }

        [Fact]
        public void DataRootInsideOrAroundTheAllowlistFolder_IsRefused()
        {
            var folder = Path.Join(_host.Root, "operator");
            var allowlist = Path.Join(folder, "allow.json");
            _host.WriteAllowlistAt(allowlist, """{ "allowedRoots": [] }""");
            var options = _host.Options() with { AllowlistPath = allowlist };

            var inside = Assert.Throws<RuntimeError>(() => GroupLauncher.Prepare(TestHost.Plan("main"), new GroupRunOptions(options with { DataRoot = Path.Join(folder, "data") })));
            Assert.Contains($"lies in {folder}, the folder of the operator mount allowlist", inside.Message);

            var around = Assert.Throws<RuntimeError>(() => GroupLauncher.Prepare(TestHost.Plan("main"), new GroupRunOptions(options with { DataRoot = _host.Root })));
            Assert.Contains($"contains {folder}, the folder of the operator mount allowlist", around.Message);
        }
    }
}
