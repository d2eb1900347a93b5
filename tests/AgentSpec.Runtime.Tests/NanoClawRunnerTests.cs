using System;
using System.IO;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Issue 20's Done-when, against the REAL engine: a busybox script that does at the file level what NanoClaw's agent
    /// runner does (container/agent-runner/src/config.ts and the layout of src/container-runner.ts) runs as uid 1000 and
    /// as another uid: it reads container.json and stops without agentGroupId and assistantName, writes its state under
    /// $HOME/.claude, reads /app/CLAUDE.md through the composed CLAUDE.md's import, and cannot write CLAUDE.md or
    /// .claude-fragments.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class NanoClawRunnerTests : EngineTest
    {
        /// <summary>The runner, mounted read-only at /app/src/runner.sh. CFG may point it at another container.json.</summary>
        private const string Runner = """
            #!/bin/sh
            cfg=${CFG:-/workspace/agent/container.json}
            id=$(sed -n 's/^ *"agentGroupId": *"\([^"]*\)".*/\1/p' "$cfg")
            name=$(sed -n 's/^ *"assistantName": *"\([^"]*\)".*/\1/p' "$cfg")
            [ -n "$id" ] || { echo "runner: $cfg has no agentGroupId" >&2; exit 3; }
            [ -n "$name" ] || { echo "runner: $cfg has no assistantName" >&2; exit 4; }
            mkdir -p "$HOME/.claude/projects" && echo "$id" > "$HOME/.claude/projects/state.txt" || { echo "runner: no state under $HOME/.claude" >&2; exit 5; }
            grep -q '^@./.claude-shared.md$' /workspace/agent/CLAUDE.md || { echo "runner: CLAUDE.md does not import the shared file" >&2; exit 6; }
            shared=$(cat /workspace/agent/.claude-shared.md) || { echo "runner: cannot read /app/CLAUDE.md through .claude-shared.md" >&2; exit 7; }
            [ "$shared" = "$(cat /app/CLAUDE.md)" ] || exit 7
            if echo planted > /workspace/agent/CLAUDE.md 2>/dev/null; then echo "runner: wrote CLAUDE.md"; exit 8; fi
            if echo planted > /workspace/agent/.claude-fragments/x.md 2>/dev/null; then echo "runner: wrote .claude-fragments"; exit 9; fi
            if rm -rf /workspace/agent/.claude-fragments 2>/dev/null && [ ! -e /workspace/agent/.claude-fragments ]; then echo "runner: removed .claude-fragments"; exit 10; fi
            echo "runner ok: group=$id assistant=$name home=$HOME uid=$(id -u) shared=$(head -1 /app/CLAUDE.md)"
            """;

        public NanoClawRunnerTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private GroupPlan Plan(ContainerUser user) =>
            TestHost.Plan("main") with { User = user, Agent = new AgentSettings { AssistantName = "Andy", Model = "claude-sonnet-4-5" } };

        private async Task<(int Exit, string Out, string Err)> Run(GroupPlan plan, string command)
        {
            var src = Path.Join(Host.DataRoot, "container/agent-runner/src");
            Directory.CreateDirectory(src);
            File.WriteAllText(Path.Join(src, "runner.sh"), Runner.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
            File.SetUnixFileMode(Path.Join(src, "runner.sh"), TestHost.FileMode);
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var result = await Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", command } }, new GroupOutput(stdout, stderr));
            return (result.ExitCode, stdout.ToString(), stderr.ToString());
        }

        [Theory]
        [InlineData(1000L)]
        [InlineData(1234L)]
        public async Task The_runner_finds_its_identity_state_and_instructions_and_cannot_change_the_hosts(long uid)
        {
            var (exit, stdout, stderr) = await Run(Plan(new ContainerUser(uid, uid)), "sh /app/src/runner.sh");

            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains($"runner ok: group=main assistant=Andy home=/home/node uid={uid} shared=# Shared instructions", stdout);
            var state = Path.Join(Host.DataRoot, "data/v2-sessions/main/.claude-shared/projects/state.txt");
            Assert.Equal("main\n", File.ReadAllText(state));
            Assert.Equal((uint)uid, HostFiles.Lstat(state)!.Value.Uid);
            Assert.Equal(RunnerLayout.ComposedClaudeMd(), File.ReadAllText(Path.Join(Host.DataRoot, "groups/main/CLAUDE.md")));
            Assert.Empty(Directory.GetFileSystemEntries(Path.Join(Host.DataRoot, "groups/main/.claude-fragments")));
        }

        [Fact]
        public async Task The_runner_stops_on_the_container_json_agentspec_wrote_before_issue_20()
        {
            // The old shape {id, name, folder, main, image, skills, note}: the runner starts without its identity.
            var old = "{\n  \"id\": \"main\",\n  \"name\": \"MAIN\",\n  \"folder\": \"main\"\n}\n";
            var (exit, _, stderr) = await Run(Plan(ContainerSecurity.HostDefaultUser), $"printf '%s' '{old}' > /workspace/old.json; CFG=/workspace/old.json sh /app/src/runner.sh");

            Assert.Equal(3, exit);
            Assert.Contains("has no agentGroupId", stderr);
        }

        [Theory]
        [InlineData("CLAUDE.md", false)]
        [InlineData(".claude-fragments", true)]
        public async Task A_link_the_agent_planted_at_a_runner_file_stops_the_spawn_and_nothing_behind_it_is_mounted(string name, bool folder)
        {
            // The agent can write groups/<folder>/: from an earlier run (or an older layout) it left a link where the
            // host binds a read-only source, hoping the engine follows it on the host and shows it the target.
            var plan = Plan(ContainerSecurity.HostDefaultUser);
            await Run(plan, "true");
            var secret = Path.Join(Host.Root, folder ? "secret-folder" : "secret.txt");
            if (folder)
            {
                Directory.CreateDirectory(secret);
                File.WriteAllText(Path.Join(secret, "key.txt"), "operator secret");
            }
            else
            {
                File.WriteAllText(secret, "operator secret");
            }

            var planted = Path.Join(Host.DataRoot, "groups/main", name);
            if (folder)
            {
                Directory.Delete(planted, recursive: true);
                Directory.CreateSymbolicLink(planted, secret);
            }
            else
            {
                File.Delete(planted);
                File.CreateSymbolicLink(planted, secret);
            }

            var stdout = new StringWriter();
            var error = await Assert.ThrowsAnyAsync<RuntimeError>(() => Launcher.RunAsync(
                plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", "cat /workspace/agent/CLAUDE.md /workspace/agent/.claude-fragments/key.txt" } }, new GroupOutput(stdout, TextWriter.Null)));

            Assert.Contains(planted, error.Message);
            Assert.Contains("symbolic link", error.Message);
            Assert.DoesNotContain("operator secret", stdout.ToString());
            Assert.Equal(secret, new FileInfo(planted).LinkTarget);
        }

        [Fact]
        public async Task Without_an_assistant_name_the_runner_gets_the_groups_name()
        {
            var plan = TestHost.Plan("main") with { Agent = new AgentSettings { Model = "m" } };
            var (exit, stdout, stderr) = await Run(plan, "sh /app/src/runner.sh");

            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains("assistant=MAIN ", stdout);
        }
    }
}
