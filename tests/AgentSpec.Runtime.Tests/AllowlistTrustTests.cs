using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The allowlist is trusted only when the operator made it (StrictModes), is read bounded and parsed strictly,
    /// and its roots and patterns mean what they say. Every test uses real files with real owners and modes.
    /// </summary>
    public sealed class AllowlistTrustTests : IDisposable
    {
        private const string Valid = """{ "allowedRoots": [ { "path": "~/projects", "allowReadWrite": true } ] }""";
        private const UnixFileMode Rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        private const UnixFileMode All = Rwx | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

        private readonly TestHost _host = new();

        public void Dispose() => _host.Dispose();

        private string AllowlistFolder => Path.GetDirectoryName(_host.AllowlistPath)!;

        private RuntimeError Refused(string? path = null) =>
            Assert.Throws<RuntimeError>(() => MountAllowlist.Load(path ?? _host.AllowlistPath, _host.Home));

        [Fact]
        public void OperatorsOwnFile_InOperatorsOwnFolders_IsLoaded_EvenBelowTheStickyRootTmp()
        {
            _host.WriteAllowlist(Valid);
            Assert.StartsWith("/tmp/", _host.AllowlistPath); // /tmp is root-owned 1777: accepted above the file

            var list = MountAllowlist.Load(_host.AllowlistPath, _host.Home);

            Assert.Equal("~/projects", Assert.Single(list!.AllowedRoots).Path);
        }

        [Fact]
        public void Missing_IsNull_SoOperatorMountsAreRefusedWithWhereToCreateIt() =>
            Assert.Null(MountAllowlist.Load(_host.AllowlistPath, _host.Home));

        [Theory]
        [InlineData(UnixFileMode.OtherWrite, "writable by everyone (mode 0646)")]
        [InlineData(UnixFileMode.GroupWrite, "writable by its group (mode 0664)")]
        public void WritableByGroupOrOthers_IsRefused_WithChmod(UnixFileMode extra, string expected)
        {
            _host.WriteAllowlist(Valid);
            File.SetUnixFileMode(_host.AllowlistPath, TestHost.FileMode | extra);

            var error = Refused();

            Assert.Contains($"{_host.AllowlistPath} is {expected}", error.Message);
            Assert.Contains($"`chmod go-w {_host.AllowlistPath}`", error.Message);
            Assert.Contains("is not trusted", error.Message);
        }

        [Fact]
        public void GroupWritableParentFolder_IsRefused_NamingTheFolder()
        {
            _host.WriteAllowlist(Valid);
            File.SetUnixFileMode(AllowlistFolder, TestHost.SharedMode | UnixFileMode.GroupWrite);

            var error = Refused();

            Assert.Contains($"{AllowlistFolder} is writable by its group (mode 0775); fix: check its content, then `chmod go-w {AllowlistFolder}`", error.Message);
        }

        [Fact]
        public void WorldWritableFolderHigherUp_IsRefused()
        {
            _host.WriteAllowlist(Valid);
            File.SetUnixFileMode(_host.Home, All);

            Assert.Contains($"{_host.Home} is writable by everyone (mode 0777)", Refused().Message);
        }

        [Fact]
        public void FileOwnedByAnotherUser_IsRefused_WithChown()
        {
            _host.WriteAllowlist(Valid);
            TestHost.Sh("chown", "1000:1000", _host.AllowlistPath);

            var error = Refused();

            Assert.Contains($"{_host.AllowlistPath} is owned by uid 1000, not by root (uid 0)", error.Message);
            Assert.Contains($"`chown 0 {_host.AllowlistPath}`", error.Message);
        }

        [Fact]
        public void FolderOwnedByAnotherUser_IsRefused()
        {
            _host.WriteAllowlist(Valid);
            TestHost.Sh("chown", "1000:1000", AllowlistFolder);

            Assert.Contains($"{AllowlistFolder} is owned by uid 1000", Refused().Message);
        }

        [Fact]
        public void StickyFolder_IsAccepted_OnlyWhenRootOwns_It()
        {
            var shared = Path.Join(_host.Root, "shared");
            var path = Path.Join(shared, "allow.json");
            _host.WriteAllowlistAt(path, Valid);
            File.SetUnixFileMode(shared, All | UnixFileMode.StickyBit);
            Assert.NotNull(MountAllowlist.Load(path, _host.Home));

            TestHost.Sh("chown", "1000", shared);

            var error = Refused(path);
            Assert.Contains($"{shared} is owned by uid 1000", error.Message);
            Assert.Contains($"{shared} is writable by everyone (mode 1777)", error.Message);
        }

        [Fact]
        public void Symlink_ToAFileInAWorldWritableFolder_IsRefused_OnItsRealPath()
        {
            var drop = Path.Join(_host.Root, "drop");
            var real = Path.Join(drop, "mount-allowlist.json");
            _host.WriteAllowlistAt(real, Valid);
            File.SetUnixFileMode(drop, All); // world-writable, no sticky bit: anyone can replace the file
            Directory.CreateDirectory(AllowlistFolder);
            File.CreateSymbolicLink(_host.AllowlistPath, real);

            var error = Refused();

            Assert.Contains($"{_host.AllowlistPath} (a symbolic link; its real path {real} was checked)", error.Message);
            Assert.Contains($"{drop} is writable by everyone (mode 0777)", error.Message);

            File.SetUnixFileMode(drop, TestHost.SharedMode); // control: the same link into an operator folder is fine
            Assert.NotNull(MountAllowlist.Load(_host.AllowlistPath, _host.Home));
        }

        [Fact]
        public void Symlink_ThroughAFolderOnlyTheLinkLeadsThrough_IsChecked()
        {
            // link -> /root-owned/hop/link2 -> file: 'hop' is on neither the link's nor the file's own path.
            var hop = Path.Join(_host.Root, "hop");
            var real = Path.Join(_host.Root, "dotfiles", "allow.json");
            _host.WriteAllowlistAt(real, Valid);
            Directory.CreateDirectory(hop);
            File.CreateSymbolicLink(Path.Join(hop, "link2"), real);
            Directory.CreateDirectory(AllowlistFolder);
            File.CreateSymbolicLink(_host.AllowlistPath, Path.Join(hop, "link2"));
            File.SetUnixFileMode(hop, All);

            Assert.Contains($"{hop} is writable by everyone", Refused().Message);
        }

        [Fact]
        public void DanglingSymlink_IsAnError_NotAMissingAllowlist()
        {
            Directory.CreateDirectory(AllowlistFolder);
            File.CreateSymbolicLink(_host.AllowlistPath, Path.Join(_host.Root, "gone.json"));

            Assert.Contains("is a symbolic link whose target does not exist", Refused().Message);
        }

        [Fact]
        public void Directory_IsRefused()
        {
            Directory.CreateDirectory(_host.AllowlistPath);

            Assert.Contains("is a directory, not a regular file", Refused().Message);
        }

        [Fact]
        public void DevZero_IsRefusedFast_WithoutReading()
        {
            var clock = Stopwatch.StartNew();
            var error = Refused("/dev/zero");
            clock.Stop();

            Assert.Contains("/dev/zero is a character device, not a regular file", error.Message);
            Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
        }

        [Fact]
        public void Fifo_IsRefused_WithoutBlockingOnOpen()
        {
            var fifo = Path.Join(_host.Root, "pipe.json");
            TestHost.Sh("mkfifo", "-m", "0600", fifo);

            Assert.Contains($"{fifo} is a FIFO (named pipe), not a regular file", Refused(fifo).Message);
        }

        [Fact]
        public void HundredMegabyteSparseFile_IsRefusedInMilliseconds_BeforeReading()
        {
            var big = Path.Join(_host.Root, "big.json");
            using (var f = File.Create(big))
            {
                f.SetLength(100L * 1024 * 1024);
            }

            File.SetUnixFileMode(big, TestHost.FileMode);
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var error = Refused(big);
            clock.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.Contains($"is 104857600 bytes, more than the {MountAllowlist.MaxBytes} bytes an allowlist may have; nothing was read", error.Message);
            Assert.True(clock.ElapsedMilliseconds < 500, $"took {clock.ElapsedMilliseconds} ms");
            Assert.True(allocated < 1024 * 1024, $"allocated {allocated} bytes");
        }

        [Fact]
        public void JustOverTheLimit_IsRefused_AndAtTheLimitIsParsed()
        {
            var padding = new string(' ', MountAllowlist.MaxBytes - Valid.Length);
            _host.WriteAllowlist(Valid + padding);
            Assert.NotNull(MountAllowlist.Load(_host.AllowlistPath, _host.Home));

            _host.WriteAllowlist(Valid + padding + " ");
            Assert.Contains("more than the", Refused().Message);
        }

        [Fact]
        public void DuplicateKeys_AtTheTopLevel_AndInsideARoot_AreRefused_WithWhereAndLine()
        {
            _host.WriteAllowlist("""
                {
                  "allowedRoots": [ { "path": "~/notes", "allowReadWrite": false } ],
                  "nonMainReadOnly": true,
                  "allowedRoots": [ { "path": "~/projects", "allowReadWrite": true, "allowReadWrite": false, "path": "~/music" } ],
                  "nonMainReadOnly": false
                }
                """);

            var error = Refused();

            Assert.Contains("duplicate key 'allowedRoots' at the top level (line 4)", error.Message);
            Assert.Contains("duplicate key 'nonMainReadOnly' at the top level (line 5)", error.Message);
            Assert.Contains("duplicate key 'allowReadWrite' in allowedRoots[0] (line 4)", error.Message);
            Assert.Contains("duplicate key 'path' in allowedRoots[0] (line 4)", error.Message);
            Assert.Contains("is malformed", error.Message);
        }

        [Fact]
        public void SameKeyInDifferentObjects_IsNotADuplicate() =>
            Assert.Equal(2, MountAllowlist.Parse("""{ "allowedRoots": [ { "path": "/a", "allowReadWrite": true }, { "path": "/b", "allowReadWrite": false } ] }""", "t").AllowedRoots.Count);

        [Theory]
        [InlineData("/")]
        [InlineData("/.")]
        [InlineData("//")]
        [InlineData("~")]
        [InlineData("~/")]
        [InlineData("~/.")]
        [InlineData("HOME")]
        [InlineData("HOME/")]
        public void RootsOfTheWholeFilesystemOrHome_AreRefused(string root)
        {
            _host.WriteAllowlist($$"""{ "allowedRoots": [ { "path": "{{root.Replace("HOME", _host.Home)}}", "allowReadWrite": false } ] }""");

            var error = Refused();

            Assert.Contains("allowedRoots[0].path", error.Message);
            Assert.Matches("whole host filesystem|whole home folder", error.Message);
        }

        [Fact]
        public void RootThatIsASymlinkToHome_IsRefusedAsTheHome()
        {
            Directory.CreateSymbolicLink(Path.Join(_host.Root, "me"), _host.Home);
            _host.WriteAllowlist($$"""{ "allowedRoots": [ { "path": "{{Path.Join(_host.Root, "me")}}", "allowReadWrite": false } ] }""");

            Assert.Contains($"is your whole home folder ({_host.Home})", Refused().Message);
        }

        [Fact]
        public void SymlinkedRoot_IsRefused_NamingTheRealPathToWrite()
        {
            var real = _host.HomeDir("work/projects");
            Directory.CreateSymbolicLink(Path.Join(_host.Home, "projects"), real);
            _host.WriteAllowlist(Valid);

            var error = Refused();

            Assert.Contains($"allowedRoots[0].path '~/projects' is or passes through a symbolic link (real path {real})", error.Message);
            Assert.Contains($"write \"path\": \"{real}\" instead", error.Message);
        }

        [Fact]
        public void RootWithDotDot_IsRefused()
        {
            _host.WriteAllowlist("""{ "allowedRoots": [ { "path": "~/projects/../music", "allowReadWrite": false } ] }""");

            Assert.Contains("contains '..'", Refused().Message);
        }

        [Theory]
        [InlineData("/", "names no folder")]
        [InlineData("~/", "names no folder")]
        [InlineData("../secrets", "contains '.' or '..'")]
        [InlineData("projects/./webapp", "contains '.' or '..'")]
        [InlineData("~bob/x", "uses the '~user' form")]
        [InlineData("..", "is not a folder or file name")]
        public void PatternsThatCannotMatchAsWritten_AreRefusedWhenLoaded(string pattern, string expected)
        {
            var error = Assert.Throws<RuntimeError>(() => MountAllowlist.Parse($$"""{ "allowedRoots": [], "blockedPatterns": ["{{pattern}}"] }""", "t.json"));

            Assert.Contains($"blockedPatterns[0] '{pattern}' {expected}", error.Message);
        }

        [Fact]
        public void PatternWithSlash_BlocksThatFolderAndBelow_OnTheRealPath()
        {
            _host.WriteAllowlist("""{ "allowedRoots": [ { "path": "~/projects", "allowReadWrite": true } ], "blockedPatterns": ["projects/webapp"] }""");
            _host.HomeDir("projects/webapp/src");
            _host.HomeDir("projects/webapp2");
            var alias = _host.HomeDir("projects/alias-parent");
            Directory.CreateSymbolicLink(Path.Join(alias, "w"), Path.Join(_host.Home, "projects/webapp"));
            var plan = TestHost.Plan(
                "main",
                true,
                TestHost.Op("a", "~/projects/webapp"),
                TestHost.Op("b", "~/projects/webapp/src"),
                TestHost.Op("c", "~/projects/alias-parent/w"),
                TestHost.Op("ok", "~/projects/webapp2"));
            GroupInit.Init(plan, _host.DataRoot);

            var result = HostCheck.Check(plan, _host.Options());

            Assert.Equal(new[] { "a", "b", "c" }, result.Errors.Select(e => e.MountName));
            Assert.All(result.Errors, e => Assert.Contains("matches the blocked pattern 'projects/webapp' (listed in the allowlist's blockedPatterns)", e.Reason));
        }

        [Fact]
        public void UntrustedAllowlist_RefusesEveryOperatorMount_ThroughTheHostCheck()
        {
            _host.WriteAllowlist(Valid);
            _host.HomeDir("projects/webapp");
            File.SetUnixFileMode(_host.AllowlistPath, TestHost.FileMode | UnixFileMode.OtherWrite);
            var plan = TestHost.Plan("main", true, TestHost.Op("webapp", "~/projects/webapp"));
            GroupInit.Init(plan, _host.DataRoot);

            var error = Assert.Single(HostCheck.Check(plan, _host.Options()).Errors);

            Assert.Equal("webapp", error.MountName);
            Assert.Contains("is not trusted", error.Reason);
            Assert.Contains("chmod go-w", error.Reason);
        }

        [Fact]
        public void MountContainingTheRealFolderOfASymlinkedAllowlist_IsRefused()
        {
            // A dotfile manager links the allowlist into ~/projects/dotfiles; mounting ~/projects would hand it to the agent,
            // even when the agent runs as the operator's own uid (where owner checks cannot tell them apart).
            var dotfiles = _host.HomeDir("projects/dotfiles");
            _host.WriteAllowlistAt(Path.Join(dotfiles, "mount-allowlist.json"), Valid);
            Directory.CreateDirectory(AllowlistFolder);
            File.CreateSymbolicLink(_host.AllowlistPath, Path.Join(dotfiles, "mount-allowlist.json"));
            var plan = TestHost.Plan("main", true, TestHost.Op("projects", "~/projects", readOnly: false));
            GroupInit.Init(plan, _host.DataRoot);

            var error = Assert.Single(HostCheck.Check(plan, _host.Options()).Errors);

            Assert.Contains($"contains {dotfiles}, the folder of the operator mount allowlist's real path", error.Reason);
        }

        [Fact]
        public void FolderOfTheEngineSocketInUse_IsRefused()
        {
            _host.WriteAllowlist(Valid);
            var engine = _host.HomeDir("projects/engine");
            var plan = TestHost.Plan("main", true, TestHost.Op("engine", "~/projects/engine"), TestHost.Op("all", "~/projects"));
            GroupInit.Init(plan, _host.DataRoot);

            var result = HostCheck.Check(plan, _host.Options() with { DockerEndpoint = $"unix://{engine}/docker.sock" });

            Assert.Equal(new[] { "engine", "all" }, result.Errors.Select(e => e.MountName));
            Assert.All(result.Errors, e => Assert.Contains($"{engine}, the folder of the Docker engine socket in use", e.Reason));
            Assert.True(HostCheck.Check(plan, _host.Options() with { DockerEndpoint = "unix:///run/docker.sock" }).Succeeded);
        }

        [Fact]
        public void EngineSocketInASharedStickyFolder_ProtectsTheSocket_NotItsNeighbours()
        {
            _host.WriteAllowlist("""{ "allowedRoots": [ { "path": "/tmp", "allowReadWrite": false } ] }""");
            var neighbour = Path.Join(_host.Root, "neighbour");
            Directory.CreateDirectory(neighbour);
            var plan = TestHost.Plan("main", true, TestHost.Op("neighbour", neighbour));
            GroupInit.Init(plan, _host.DataRoot);

            var result = HostCheck.Check(plan, _host.Options() with { DockerEndpoint = "unix:///tmp/engine.sock" });

            Assert.True(result.Succeeded, TestHost.Describe(result.Errors));
            var socket = Assert.Single(BlockedHostPaths.ProtectedFolders(_host.Home, _host.AllowlistPath, "unix:///tmp/engine.sock"), p => p.Why.Contains("engine socket", StringComparison.Ordinal));
            Assert.Equal("/tmp/engine.sock", socket.Path); // a mount of /tmp contains it and is refused
        }

        [Theory]
        [InlineData("/proc")]
        [InlineData("/sys")]
        [InlineData("/dev")]
        [InlineData("/boot")]
        [InlineData("/etc")]
        [InlineData("/var/lib/docker")]
        [InlineData("/run/docker")]
        [InlineData("/root")]
        public void SystemLocations_AreRefusedAtRunTime(string location)
        {
            Assert.True(Directory.Exists(location), location + " must exist on this host for the test to mean anything");
            _host.WriteAllowlist("""{ "allowedRoots": [ { "path": "/srv", "allowReadWrite": false } ] }""");
            var plan = TestHost.Plan("main", true, TestHost.Op("sys", location));
            GroupInit.Init(plan, _host.DataRoot);

            var error = Assert.Single(HostCheck.Check(plan, _host.Options()).Errors);

            Assert.Contains($"is, lies in or contains the blocked location '{location}'", error.Reason);
        }

        [Fact]
        public void SymlinkIntoAnEngineFolder_IsRefusedOnTheRealPath()
        {
            _host.WriteAllowlist(Valid);
            _host.HomeDir("projects");
            Directory.CreateSymbolicLink(Path.Join(_host.Home, "projects/images"), "/var/lib/docker");
            var plan = TestHost.Plan("main", true, TestHost.Op("images", "~/projects/images"));
            GroupInit.Init(plan, _host.DataRoot);

            Assert.Contains("blocked location '/var/lib/docker'", Assert.Single(HostCheck.Check(plan, _host.Options()).Errors).Reason);
        }
    }
}
