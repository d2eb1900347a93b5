using System;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    public sealed class HostCheckTests : IDisposable
    {
        private readonly TestHost _host = new();

        public void Dispose() => _host.Dispose();

        private HostCheckResult Check(GroupPlan plan, bool downgrade = false)
        {
            GroupInit.Init(plan, _host.DataRoot);
            return HostCheck.Check(plan, _host.Options(downgrade));
        }

        private HostCheckError SingleError(GroupPlan plan, bool downgrade = false)
        {
            var result = Check(plan, downgrade);
            Assert.False(result.Succeeded, "expected the check to fail");
            Assert.Empty(result.Binds);
            var error = Assert.Single(result.Errors);
            Assert.Equal(plan.Id, error.GroupId);
            Assert.Contains($"group '{plan.Id}'", error.Message);
            Assert.Contains($"mount '{error.MountName}' ({error.ContainerPath})", error.Message);
            Assert.Contains("Fix: ", error.Message);
            return error;
        }

        [Fact]
        public void HostManagedOnly_NeedsNoAllowlist_AndBindsRealPaths()
        {
            var result = Check(TestHost.Plan("main"));

            Assert.True(result.Succeeded, TestHost.Describe(result.Errors));
            Assert.Equal(
                new[]
                {
                    ("/workspace", false), ("/workspace/agent", false), ("/workspace/agent/container.json", true), ("/workspace/agent/CLAUDE.md", true),
                    ("/workspace/agent/.claude-fragments", true), ("/workspace/skill-data", false), ("/home/node/.claude", false), ("/workspace/global", true),
                    ("/app/skills", true), ("/app/src", true), ("/app/CLAUDE.md", true), ("/workspace/extra", true),
                },
                result.Binds.Select(b => (b.ContainerPath, b.ReadOnly)));
            Assert.Contains(result.Binds, b => b.ContainerPath == "/workspace/skill-data" && b.HostPath == _host.SkillData("main"));
        }

        [Fact]
        public void HostManaged_BeforeInit_IsRefusedWithInitHint()
        {
            var result = HostCheck.Check(TestHost.Plan("main"), _host.Options());

            // Every bind source is missing; the tmpfs has no host source to miss.
            Assert.Equal(11, result.Errors.Count);
            Assert.All(result.Errors, e => Assert.Contains("group-init", e.Fix));
        }

        [Fact]
        public void HostManaged_SymlinkedSource_IsRefused()
        {
            var plan = TestHost.Plan("main");
            GroupInit.Init(plan, _host.DataRoot);
            var skillData = _host.SkillData("main");
            Directory.Delete(skillData);
            Directory.CreateSymbolicLink(skillData, _host.HomeDir("elsewhere"));

            var result = HostCheck.Check(plan, _host.Options());

            var error = Assert.Single(result.Errors);
            Assert.Equal("skill-data", error.MountName);
            Assert.Contains("group 'main', mount 'skill-data' (/workspace/skill-data)", error.Message);
            Assert.Contains("symbolic link", error.Reason);
        }

        [Fact]
        public void OperatorMount_Allowed_ResolvesHomeAndKeepsMode()
        {
            _host.WriteDefaultAllowlist();
            var webapp = _host.HomeDir("projects/webapp");
            var result = Check(TestHost.Plan("main", true, TestHost.Op("webapp", "~/projects/webapp", readOnly: false), TestHost.Op("ref", "~/notes/..//notes", readOnly: true)), downgrade: false);

            Assert.False(result.Succeeded); // ~/notes does not exist yet
            _host.HomeDir("notes");
            result = HostCheck.Check(TestHost.Plan("main", true, TestHost.Op("webapp", "~/projects/webapp", readOnly: false), TestHost.Op("ref", "~/notes", readOnly: true)), _host.Options());

            Assert.True(result.Succeeded, TestHost.Describe(result.Errors));
            var bind = result.Binds.Single(b => b.MountName == "webapp");
            Assert.Equal(webapp, bind.HostPath);
            Assert.Equal("/workspace/extra/webapp", bind.ContainerPath);
            Assert.False(bind.ReadOnly);
            Assert.Empty(result.Warnings);
        }

        [Fact]
        public void OperatorMount_SymlinkToBlockedLocation_IsRefused()
        {
            _host.WriteDefaultAllowlist();
            var ssh = _host.HomeDir("projects/.ssh");
            Directory.CreateSymbolicLink(Path.Join(_host.Home, "projects/innocent"), ssh);

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("code", "~/projects/innocent")));

            Assert.Contains("'.ssh'", error.Reason);
            Assert.Contains(ssh, error.Reason);
        }

        [Fact]
        public void OperatorMount_RelativeSymlinkWithDotDot_IsResolvedComponentByComponent()
        {
            _host.WriteDefaultAllowlist();
            _host.HomeDir("projects/a/b");
            var aws = _host.HomeDir("projects/.aws");
            Directory.CreateSymbolicLink(Path.Join(_host.Home, "projects/a/b/link"), "../../.aws");

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("code", "~/projects/a/b/link/")));

            Assert.Contains(aws, error.Reason);
            Assert.Contains("'.aws'", error.Reason);
        }

        [Fact]
        public void OperatorMount_CustomBlockedPatternFromAllowlist_IsRefused()
        {
            _host.WriteDefaultAllowlist();
            _host.HomeDir("projects/forbidden");

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("code", "~/projects/forbidden")));

            Assert.Contains("'forbidden'", error.Reason);
        }

        [Fact]
        public void OperatorMount_File_NamesTheParentDirectory()
        {
            _host.WriteDefaultAllowlist();
            var dir = _host.HomeDir("projects/webapp");
            File.WriteAllText(Path.Join(dir, "config.yaml"), "x: 1");

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("cfg", "~/projects/webapp/config.yaml")));

            Assert.Contains("is a file", error.Reason);
            Assert.Contains($"mount its folder {dir} instead", error.Fix);
        }

        [Fact]
        public void OperatorMount_MissingPath_IsRefused()
        {
            _host.WriteDefaultAllowlist();
            _host.HomeDir("projects");

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("gone", "~/projects/nothing/here")));

            Assert.Contains("does not exist", error.Reason);
            Assert.Contains(Path.Join(_host.Home, "projects/nothing"), error.Reason);
            Assert.Equal("gone", error.MountName);
            Assert.Equal("/workspace/extra/gone", error.ContainerPath);
        }

        [Fact]
        public void NoAllowlist_OperatorMountIsRefused_WithWhereAndExample()
        {
            _host.HomeDir("projects/webapp");

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("webapp", "~/projects/webapp")));

            Assert.Contains("no operator mount allowlist", error.Reason);
            Assert.Contains(_host.AllowlistPath, error.Fix);
            Assert.Contains("\"allowedRoots\"", error.Fix);
        }

        [Fact]
        public void MalformedAllowlist_PlainStrings_GetAClearError()
        {
            _host.WriteAllowlist("""{ "allowedRoots": ["~/projects"], "nonMainReadOnly": "yes" }""");
            _host.HomeDir("projects/webapp");

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("webapp", "~/projects/webapp")));

            Assert.Contains("allowedRoots[0] must be an object with path, allowReadWrite, description; got a string", error.Reason);
            Assert.Contains("nonMainReadOnly must be true or false; got a string", error.Reason);
            Assert.Contains(_host.AllowlistPath, error.Reason);

            // The expected shape is shown once, in the fix, not again in the reason.
            Assert.DoesNotContain("\"allowedRoots\": [", error.Reason);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "\"allowedRoots\": \\["));
        }

        [Theory]
        [InlineData("not json", "not valid JSON")]
        [InlineData("[]", "top level must be an object")]
        [InlineData("""{ "allowedRoots": [ { "path": "~/p" } ] }""", "allowedRoots[0].allowReadWrite is missing")]
        [InlineData("""{ "allowedRoots": [ { "path": "p", "allowReadWrite": true } ] }""", "must be absolute or start with ~/")]
        [InlineData("""{ "allowedRoots": [ { "path": "~/p", "allowReadWrite": true, "readonly": true } ] }""", "unknown key 'readonly'")]
        [InlineData("""{ "allowedRoots": [], "allowedRoot": [] }""", "unknown key 'allowedRoot'")]
        [InlineData("""{ "blockedPatterns": [] }""", "allowedRoots is missing")]
        [InlineData("""{ "allowedRoots": [ { "path": "~/p", "readOnly": "yes" } ] }""", "allowedRoots[0].readOnly must be true or false; got a string")]
        [InlineData("""{ "allowedRoots": [ { "path": "~/p", "readonly": true } ] }""", "did you mean 'readOnly'?")]
        public void MalformedAllowlist_IsRejectedStrictly(string json, string expected)
        {
            var error = Assert.Throws<RuntimeError>(() => MountAllowlist.Parse(json, "test.json"));
            Assert.Contains(expected, error.Message);
            Assert.Contains("test.json is malformed", error.Message);
        }

        [Theory]
        [InlineData("""{ "path": "~/notes", "readOnly": true }""")]
        [InlineData("""{ "path": "~/notes", "allowReadWrite": true, "readOnly": true }""")]
        public void ReadWrite_UnderNanoClawReadOnlyRoot_IsRefused(string root)
        {
            // The attack: a read-write mount under a root the operator marked readOnly in NanoClaw's shape, also when
            // the same root says allowReadWrite: true (readOnly only narrows).
            _host.WriteAllowlist($$"""{ "allowedRoots": [ {{root}} ], "blockedPatterns": [], "nonMainReadOnly": false }""");
            _host.HomeDir("notes/daily");
            var plan = TestHost.Plan("main", true, TestHost.Op("notes", "~/notes/daily", readOnly: false));

            var error = SingleError(plan);
            Assert.Contains("its allowed root '~/notes' has readOnly: true", error.Reason);
            Assert.Contains("set readonly: true in groups.yaml", error.Fix);
            Assert.Equal(HostProblemKind.ReadWriteNotAllowed, error.Kind);

            // The same mount read-only is what the root allows.
            var readOnly = Check(TestHost.Plan("main", true, TestHost.Op("notes", "~/notes/daily")));
            Assert.True(readOnly.Succeeded, TestHost.Describe(readOnly.Errors));
            Assert.True(readOnly.Binds.Single(b => b.MountName == "notes").ReadOnly);
        }

        [Fact]
        public void NanoClawReadOnlyFalseRoot_AllowsReadWrite_AndRoundTrips()
        {
            _host.WriteAllowlist("""{ "allowedRoots": [ { "path": "~/projects", "readOnly": false } ], "blockedPatterns": [], "nonMainReadOnly": true }""");
            _host.HomeDir("projects/webapp");

            var result = Check(TestHost.Plan("main", true, TestHost.Op("webapp", "~/projects/webapp", readOnly: false)));

            Assert.True(result.Succeeded, TestHost.Describe(result.Errors));
            Assert.False(result.Binds.Single(b => b.MountName == "webapp").ReadOnly);
            var list = MountAllowlist.Parse("""{ "allowedRoots": [ { "path": "~/n", "readOnly": true } ] }""", "test.json");
            Assert.Equal(list.AllowedRoots, MountAllowlist.Parse(list.ToJson(), "again.json").AllowedRoots);
            Assert.Contains("\"readOnly\": true", list.ToJson());
        }

        [Fact]
        public void OutsideAllowedRoots_IsRefused()
        {
            _host.WriteDefaultAllowlist();
            _host.HomeDir("music");

            var error = SingleError(TestHost.Plan("main", true, TestHost.Op("music", "~/music")));

            Assert.Contains("outside every allowed root", error.Reason);
            Assert.Contains("~/projects", error.Reason);
        }

        [Fact]
        public void ReadWrite_UnderReadOnlyRoot_IsRefused_UnlessDowngradeIsExplicit_ThenReported()
        {
            _host.WriteDefaultAllowlist();
            _host.HomeDir("notes/daily");
            var plan = TestHost.Plan("main", true, TestHost.Op("notes", "~/notes/daily", readOnly: false));

            var error = SingleError(plan);
            Assert.Contains("allowReadWrite: false", error.Reason);
            Assert.Contains("readonly: true", error.Fix);

            var downgraded = HostCheck.Check(plan, _host.Options(downgrade: true));
            Assert.True(downgraded.Succeeded, TestHost.Describe(downgraded.Errors));
            Assert.True(downgraded.Binds.Single(b => b.MountName == "notes").ReadOnly);
            var warning = Assert.Single(downgraded.Warnings);
            Assert.Contains("READ-ONLY", warning);
            Assert.Contains("notes", warning);
        }

        [Fact]
        public void ReadWrite_InNonMainGroup_IsRefusedUnderNonMainReadOnly()
        {
            _host.WriteDefaultAllowlist(nonMainReadOnly: true);
            _host.HomeDir("projects/webapp");

            var error = SingleError(TestHost.Plan("helper", false, TestHost.Op("webapp", "~/projects/webapp", readOnly: false)));
            Assert.Contains("nonMainReadOnly", error.Reason);

            _host.WriteDefaultAllowlist(nonMainReadOnly: false);
            Assert.True(HostCheck.Check(TestHost.Plan("helper", false, TestHost.Op("webapp", "~/projects/webapp", readOnly: false)), _host.Options()).Succeeded);
        }

        [Fact]
        public void ReachingIntoOrContainingTheDataRoot_IsRefused()
        {
            var srv = Path.Join(_host.Root, "srv");
            var dataRoot = Path.Join(srv, "agentspec");
            _host.WriteAllowlist($$"""{ "allowedRoots": [ { "path": "{{srv}}", "allowReadWrite": true } ] }""");
            GroupInit.Init(TestHost.Plan("other"), dataRoot);
            var plan = TestHost.Plan("main", true, TestHost.Op("peek", Path.Join(dataRoot, "data/v2-sessions/other/skill-data")), TestHost.Op("all", srv));
            GroupInit.Init(plan, dataRoot);

            var result = HostCheck.Check(plan, _host.Options() with { DataRoot = dataRoot });

            Assert.Equal(2, result.Errors.Count);
            Assert.Contains("reaches into the AgentSpec data root", result.Errors[0].Reason);
            Assert.Contains("contains the AgentSpec data root", result.Errors[1].Reason);
        }

        [Fact]
        public void AllowlistFolderAndLocalBin_AreRefused()
        {
            _host.WriteAllowlist("""{ "allowedRoots": [ { "path": "~", "allowReadWrite": false } ] }""");
            _host.HomeDir(".local/bin");
            _host.HomeDir(".config");

            var result = Check(TestHost.Plan("main", true, TestHost.Op("cfg", "~/.config/agentspec"), TestHost.Op("bin", "~/.local/bin"), TestHost.Op("conf", "~/.config")));

            Assert.Equal(3, result.Errors.Count);
            Assert.Contains("allowlist", result.Errors[0].Reason);
            Assert.Contains(".local/bin", result.Errors[1].Reason);
            Assert.Contains("contains", result.Errors[2].Reason);
        }

        [Fact]
        public void EveryErrorIsCollected_NotJustTheFirst()
        {
            _host.WriteDefaultAllowlist();
            _host.HomeDir("music");
            _host.HomeDir("projects/.gnupg");

            var result = Check(TestHost.Plan("main", true, TestHost.Op("a", "~/missing"), TestHost.Op("b", "~/music"), TestHost.Op("c", "~/projects/.gnupg")));

            Assert.Equal(new[] { "a", "b", "c" }, result.Errors.Select(e => e.MountName));
            var thrown = Assert.Throws<HostCheckFailedException>(() => result.EnsureSucceeded());
            Assert.Contains("3 mount problems", thrown.Message);
        }
    }
}
