using System;
using System.IO;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Hole 3 against the REAL engine: an agent rewrites the allowlist that the operator's dotfile manager links
    /// into a folder the agent can write. The next run must not trust it, so it is never widened.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class AllowlistAttackTests : EngineTest
    {
        private static readonly Model.ContainerUser AgentUser = Model.ContainerUser.Node;
        public AllowlistAttackTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private Task<GroupRunResult> Run(Model.GroupPlan plan, string script, StringWriter stdout) =>
            Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", script }, User = AgentUser }, new GroupOutput(stdout, stdout));

        [Fact]
        public async Task AgentRewritesTheSymlinkedAllowlist_TheNextRunIsRefused_AndNeverWidened()
        {
            const string Operators = """{ "allowedRoots": [ { "path": "~/projects", "allowReadWrite": true } ], "nonMainReadOnly": true }""";
            var dotfiles = Host.HomeDir("projects/dotfiles");
            TestHost.Sh("chown", "1000:1000", Path.Join(Host.Home, "projects")); // main writes ~/projects as the container user
            var linked = Path.Join(dotfiles, "mount-allowlist.json");
            Host.WriteAllowlistAt(linked, Operators); // the dotfile manager's copy, written by the operator
            TestHost.Sh("chown", "1000:1000", dotfiles); // agents may edit the dotfiles repository
            Host.WriteAllowlist(Operators);
            var ledger = Host.HomeDir("private/ledger");
            File.WriteAllText(Path.Join(ledger, "accounts.txt"), "PRIVATE-LEDGER");

            // Run 1 (allowed: ~/projects is an allowed read-write root): the agent widens the copy it can reach.
            var main = TestHost.Plan("main", true, TestHost.Op("projects", "~/projects", readOnly: false));
            const string Widened = """{ "allowedRoots": [ { "path": "~/projects", "allowReadWrite": true }, { "path": "~/private", "allowReadWrite": true } ], "nonMainReadOnly": false }""";
            var agent = new StringWriter();
            var first = await Run(main, $"cd /workspace/extra/projects/dotfiles && printf '%s' '{Widened}' > .new && chmod 644 .new && mv -f .new mount-allowlist.json && id -u", agent);
            Assert.True(first.ExitCode == 0, agent.ToString());
            Assert.Equal("1000\n", agent.ToString());
            Assert.Contains("~/private", File.ReadAllText(linked));

            // The operator's dotfile manager links the allowlist into the repository.
            File.Delete(Host.AllowlistPath);
            File.CreateSymbolicLink(Host.AllowlistPath, linked);

            // Run 2: a group whose mount only the widened allowlist would allow is refused, before any container exists.
            var research = TestHost.Plan("research", false, TestHost.Op("ledger", "~/private/ledger"));
            var output = new StringWriter();
            var refused = await Assert.ThrowsAsync<HostCheckFailedException>(() => Run(research, "cat /workspace/extra/ledger/accounts.txt", output));

            Assert.Contains($"the mount allowlist {Host.AllowlistPath} (a symbolic link; its real path {linked} was checked) is not trusted", refused.Message);
            Assert.Contains($"{dotfiles} is owned by uid 1000", refused.Message);
            Assert.Contains($"{linked} is owned by uid 1000", refused.Message);
            Assert.DoesNotContain("PRIVATE-LEDGER", output.ToString());
            Assert.Empty(await Engine.ListAsync());

            // The main group itself is refused too: its mount holds the allowlist's real folder.
            var again = await Assert.ThrowsAsync<HostCheckFailedException>(() => Run(main, "true", new StringWriter()));
            Assert.Contains($"contains {dotfiles}, the folder of the operator mount allowlist's real path", again.Message);

            // Control: had the same bytes been the operator's, they WOULD widen research to the ledger. So it was the
            // trust check, not the content, that refused run 2.
            TestHost.Sh("chown", "-R", "0:0", Path.Join(Host.Home, "projects"));
            // The refused spawn left no session folder behind (issue 23); the check needs it, as a real spawn makes it.
            GroupInit.Init(research, Host.DataRoot);
            var control = HostCheck.Check(research, Host.Options());
            Assert.True(control.Succeeded, TestHost.Describe(control.Errors));
        }

        [Fact]
        public async Task AllowlistLinkedIntoAFolderTheAgentCanWrite_IsRefusedBeforeTheAgentEverRuns()
        {
            var dotfiles = Host.HomeDir("projects/dotfiles");
            var linked = Path.Join(dotfiles, "mount-allowlist.json");
            Host.WriteAllowlistAt(linked, """{ "allowedRoots": [ { "path": "~/projects", "allowReadWrite": true } ] }""");
            TestHost.Sh("chown", "1000:1000", dotfiles);
            Directory.CreateDirectory(Path.GetDirectoryName(Host.AllowlistPath)!);
            File.CreateSymbolicLink(Host.AllowlistPath, linked);
            var main = TestHost.Plan("main", true, TestHost.Op("projects", "~/projects", readOnly: false));

            var refused = await Assert.ThrowsAsync<HostCheckFailedException>(() => Run(main, "touch /workspace/extra/projects/dotfiles/x", new StringWriter()));

            Assert.Contains($"contains {dotfiles}, the folder of the operator mount allowlist's real path", refused.Message);
            Assert.Contains($"{dotfiles} is owned by uid 1000", Assert.Throws<RuntimeError>(() => MountAllowlist.Load(Host.AllowlistPath, Host.Home)).Message);
            Assert.Empty(await Engine.ListAsync());
            Assert.False(File.Exists(Path.Join(dotfiles, "x")));
        }
    }
}
