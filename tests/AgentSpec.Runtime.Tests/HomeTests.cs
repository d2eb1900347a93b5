using System;
using System.IO;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine: HOME is /home/node, the parent of the host-managed .claude mount, for the image's
    /// uid 1000 and for any other uid (issue 20 item 1). Without the host's HOME a uid the image does not know gets
    /// HOME=/, and ~/.claude is not Claude's state.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class HomeTests : EngineTest
    {
        public HomeTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        [Theory]
        [InlineData(1000L, 1000L)]
        [InlineData(1234L, 1234L)]
        public async Task Home_is_the_parent_of_the_claude_mount_and_claude_state_is_writable_for_every_user(long uid, long gid)
        {
            var plan = TestHost.Plan("main") with { User = new ContainerUser(uid, gid) };
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var options = new GroupRunOptions(Host.Options())
            {
                Command = new[] { "sh", "-c", "echo HOME=$HOME; id -u; echo state > \"$HOME/.claude/probe-state\" && echo WROTE; cd && pwd" },
            };

            var result = await Launcher.RunAsync(plan, options, new GroupOutput(stdout, stderr));

            Assert.True(result.ExitCode == 0, stdout + "\n" + stderr);
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("HOME=/home/node", lines[0]);
            Assert.Equal(uid.ToString(System.Globalization.CultureInfo.InvariantCulture), lines[1]);
            Assert.Equal("WROTE", lines[2]);
            Assert.Equal("/home/node", lines[3]);
            var written = Path.Join(Host.DataRoot, "data/v2-sessions/main/.claude-shared/probe-state");
            Assert.Equal("state\n", File.ReadAllText(written));
            Assert.Equal((uint)uid, HostFiles.Lstat(written)!.Value.Uid);
        }
    }
}
