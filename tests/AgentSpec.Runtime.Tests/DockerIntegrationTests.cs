using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>Against the REAL engine: busybox containers with real bind mounts.</summary>
    [Collection(DockerCollection.Name)]
    public sealed class DockerIntegrationTests : EngineTest
    {
        public DockerIntegrationTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private GroupRunOptions Options(string script, bool downgrade = false) =>
            new(Host.Options(downgrade)) { Command = new[] { "sh", "-c", script } };

        private async Task<(int Exit, string Out, string Err)> Run(GroupPlan plan, string script)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var result = await Launcher.RunAsync(plan, Options(script), new GroupOutput(stdout, stderr));
            return (result.ExitCode, stdout.ToString(), stderr.ToString());
        }

        [Fact]
        public async Task SkillDataDir_IsSetInTheContainer_AndExitCodeAndStreamsComeBack()
        {
            var (exit, stdout, stderr) = await Run(TestHost.Plan("main"), "echo \"dir=$SKILL_DATA_DIR\"; echo oops >&2; pwd; exit 3");

            Assert.Equal(3, exit);
            Assert.Contains("dir=/workspace/skill-data", stdout);
            Assert.Contains("/workspace", stdout);
            Assert.Equal("oops\n", stderr);
        }

        [Fact]
        public async Task SkillData_IsCreatedOnFirstInit_AndSurvivesIntoTheNextRun()
        {
            var plan = TestHost.Plan("main");
            Assert.False(Directory.Exists(Host.SkillData("main")));

            var first = await Run(plan, "echo remembered > \"$SKILL_DATA_DIR/memo.txt\"");
            Assert.Equal(0, first.Exit);
            Assert.True(Directory.Exists(Host.SkillData("main")));

            var second = await Run(plan, "cat \"$SKILL_DATA_DIR/memo.txt\"");
            Assert.Equal(0, second.Exit);
            Assert.Equal("remembered\n", second.Out);
            Assert.Equal("remembered\n", File.ReadAllText(Path.Join(Host.SkillData("main"), "memo.txt")));
        }

        [Fact]
        public async Task GroupA_CannotSee_GroupB_SkillData()
        {
            var b = await Run(TestHost.Plan("group-b", main: false), "echo b-secret > \"$SKILL_DATA_DIR/b-only.txt\"");
            Assert.Equal(0, b.Exit);

            var a = await Run(TestHost.Plan("group-a"), "ls -A \"$SKILL_DATA_DIR\"; grep -rl b-secret /workspace /app /home 2>/dev/null; echo done");

            Assert.Equal(0, a.Exit);
            Assert.Equal("done\n", a.Out);
        }

        [Fact]
        public async Task ReadOnlyMounts_RefuseWrites_ReadWriteMountsAcceptThem()
        {
            Host.WriteDefaultAllowlist();
            Host.HomeDir("notes");
            var webapp = Host.HomeDir("projects/webapp");
            var user = ContainerSecurity.HostDefaultUser;
            HostFiles.Chown(webapp, user.Uid, user.Gid); // the operator lets the (non-root) container user write it
            var plan = TestHost.Plan("main", true, TestHost.Op("notes", "~/notes", readOnly: true), TestHost.Op("webapp", "~/projects/webapp", readOnly: false));
            var targets = new[] { "/workspace/agent/container.json", "/workspace/global/x", "/app/skills/x", "/app/src/x", "/workspace/extra/notes/x", "/workspace/skill-data/x", "/workspace/agent/x", "/workspace/x", "/home/node/.claude/x", "/workspace/extra/webapp/x" };
            var script = string.Join("; ", targets.Select(t => $"if echo hi > {t} 2>/dev/null; then echo \"WROTE {t}\"; else echo \"DENIED {t}\"; fi"));

            var (exit, stdout, _) = await Run(plan, script);

            Assert.Equal(0, exit);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(targets.Take(5).Select(t => "DENIED " + t).Concat(targets.Skip(5).Select(t => "WROTE " + t)), lines);
            Assert.Equal(TestHost.ExpectedContainerJson("main"), File.ReadAllText(Path.Join(Host.DataRoot, "groups/main/container.json")));
            Assert.True(File.Exists(Path.Join(Host.Home, "projects/webapp/x")));
            Assert.False(File.Exists(Path.Join(Host.Home, "notes/x")));
        }

        [Fact]
        public async Task SymlinkSwappedInAfterPlanning_ToABlockedLocation_IsRefusedAtRunTime()
        {
            Host.WriteDefaultAllowlist();
            var data = Host.HomeDir("projects/data");
            var plan = TestHost.Plan("main", true, TestHost.Op("data", "~/projects/data"));
            GroupInit.Init(plan, Host.DataRoot);
            Assert.True(HostCheck.Check(plan, Host.Options()).Succeeded);

            // After planning (and even after a passing check), the folder is swapped for a link to a key folder.
            Directory.Delete(data);
            var ssh = Host.HomeDir("vault/.ssh");
            File.WriteAllText(Path.Join(ssh, "id_ed25519"), "KEY");
            Directory.CreateSymbolicLink(data, ssh);

            var error = await Assert.ThrowsAsync<HostCheckFailedException>(() => Run(plan, "cat /workspace/extra/data/id_ed25519"));

            Assert.Contains("'.ssh'", error.Message);
            Assert.Contains("mount 'data' (/workspace/extra/data)", error.Message);
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task UnreachableEngine_GivesAClearError()
        {
            var socket = Path.Join(Host.Root, "no-such-docker.sock");
            // The endpoint is passed, not set in DOCKER_HOST: the variable is process-wide and other tests run alongside.
            using (var launcher = new DockerLauncher("x", "unix://" + socket))
            {
                var error = await Assert.ThrowsAnyAsync<RuntimeError>(() => new GroupLauncher(launcher).RunAsync(TestHost.Plan("main"), Options("true"), new GroupOutput(TextWriter.Null, TextWriter.Null)));
                Assert.StartsWith($"cannot reach the Docker engine at unix://{socket}: ", error.Message);
                Assert.Contains("is dockerd running?", error.Message);
            }
        }

        [Fact]
        public async Task UnreachableEngine_AndAFailingHostCheck_ReportsTheHostCheck_TheSessionListRunningAlongsideChangesNothing()
        {
            // The session's container list is asked while the host check runs (launch speed); its failure must neither
            // replace the host check's refusal nor go unnoticed when the check passes (previous test).
            var socket = Path.Join(Host.Root, "no-such-docker.sock");
            using var launcher = new DockerLauncher("x", "unix://" + socket);
            Host.WriteDefaultAllowlist();
            var plan = TestHost.Plan("main", true, TestHost.Op("data", "~/not-allowlisted"));
            Host.HomeDir("not-allowlisted");

            var error = await Assert.ThrowsAsync<HostCheckFailedException>(() => new GroupLauncher(launcher).RunAsync(plan, Options("true"), new GroupOutput(TextWriter.Null, TextWriter.Null)));

            Assert.Contains("mount 'data' (/workspace/extra/data)", error.Message);
            Assert.DoesNotContain("cannot reach", error.Message);
            // The session lock was released: the same session can be prepared again at once.
            using var again = GroupLauncher.Prepare(TestHost.Plan("main"), Options("true"));
        }

        [Fact]
        public async Task MissingImage_IsNeverPulled_AndSaysHowToProvideIt()
        {
            var plan = GroupPlan.Create("main", "Main", "main", true, "agentspec/no-such-image:never", null, Array.Empty<EnvVar>(), Array.Empty<Mount>());

            var error = await Assert.ThrowsAsync<RuntimeError>(() => Run(plan, "true"));

            Assert.Contains("image agentspec/no-such-image:never is not present on the engine", error.Message);
            Assert.Contains("nothing is pulled", error.Message);
        }

        [Fact]
        public async Task ListStopCleanup_TouchOnlyThisInstallsContainers_AndATakenNameIsAClearError()
        {
            using var otherHost = new TestHost();
            using var other = new DockerLauncher(InstallId.For(otherHost.DataRoot));
            const string LongRunning = "trap 'exit 143' TERM; echo started; while true; do sleep 0.1; done";
            var mine = Launcher.RunAsync(TestHost.Plan("main"), Options(LongRunning) with { RunId = "fixed" }, new GroupOutput(TextWriter.Null, TextWriter.Null));
            var theirs = new GroupLauncher(other).RunAsync(TestHost.Plan("main"), new GroupRunOptions(otherHost.Options()) { Command = new[] { "sh", "-c", LongRunning } }, new GroupOutput(TextWriter.Null, TextWriter.Null));
            try
            {
                await WaitUntil(async () => (await Engine.ListAsync("main")).Count(c => c.State == "running") == 1 && (await other.ListAsync()).Count(c => c.State == "running") == 1);
                var listed = Assert.Single(await Engine.ListAsync());
                Assert.Equal("agentspec-main-default-fixed", listed.Name);
                Assert.Equal("default", listed.Session);
                Assert.Equal("fixed", listed.RunId);

                // The same session is held (one container per group session); another session meets the taken name.
                var busy = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(TestHost.Plan("main"), Options("true") with { RunId = "fixed" }, new GroupOutput(TextWriter.Null, TextWriter.Null)));
                Assert.Contains("group 'main' session 'default' is already running (container agentspec-main-default-fixed", busy.Message);
                Assert.Contains("`agentspec stop main --session default`", busy.Message);
                // Another install's run of the same group session and run id meets the taken name.
                using var thirdHost = new TestHost();
                using var third = new DockerLauncher(InstallId.For(thirdHost.DataRoot));
                var taken = await Assert.ThrowsAsync<RuntimeError>(() => new GroupLauncher(third).RunAsync(TestHost.Plan("main"), new GroupRunOptions(thirdHost.Options()) { Command = new[] { "true" }, RunId = "fixed" }, new GroupOutput(TextWriter.Null, TextWriter.Null)));
                Assert.Contains("a container named agentspec-main-default-fixed already exists", taken.Message);

                Assert.Equal(1, await Engine.StopGroupAsync("main"));
                Assert.Equal(143, (await mine).ExitCode);
                Assert.Equal(0, await Engine.CleanupAsync());
                Assert.Single(await other.ListAsync());

                Assert.Equal(1, await other.CleanupAsync());
                Assert.Equal(137, (await theirs).ExitCode); // force-removed: killed, and RunAsync still returns
            }
            finally
            {
                await other.CleanupAsync();
                await Engine.CleanupAsync();
            }
        }

        [Fact]
        public async Task RunMany_LaunchesGroupsConcurrently_AndRefusesAllWhenOneCheckFails()
        {
            var outputs = new Dictionary<string, StringWriter>();
            var results = await Launcher.RunManyAsync(
                new[] { TestHost.Plan("one"), TestHost.Plan("two", main: false) },
                Options("echo \"$AGENTSPEC_GROUP_ID\""),
                p => new GroupOutput(outputs[p.Id] = new StringWriter(), TextWriter.Null));

            Assert.All(results, r => Assert.Equal(0, r.ExitCode));
            Assert.Equal("one\n", outputs["one"].ToString());
            Assert.Equal("two\n", outputs["two"].ToString());

            var error = await Assert.ThrowsAsync<HostCheckFailedException>(() => Launcher.RunManyAsync(
                new[] { TestHost.Plan("one"), TestHost.Plan("two", false, TestHost.Op("x", "~/missing")) },
                Options("true"),
                _ => new GroupOutput(TextWriter.Null, TextWriter.Null)));
            Assert.Contains("group 'two'", error.Message);
        }

        private static async Task WaitUntil(Func<Task<bool>> condition)
        {
            var watch = Stopwatch.StartNew();
            while (!await condition())
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "condition not met within 20 s");
                await Task.Delay(100);
            }
        }
    }
}
