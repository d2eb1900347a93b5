using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentSpec.Model;
using Xunit.Abstractions;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Issue 18, hole 1, performed for real: a RUNNING container of the group (its plan, the real engine) plants
    /// links in the folders it can write (.claude-shared: the temp names group-init might use, settings.json, the
    /// skills folder group-init is about to create) in a tight loop, while the host runs group-init for another
    /// session of the same group again and again. A root-owned file and folder outside the data root must keep their
    /// mode, owner and content; every init succeeds or refuses with a clear message.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class GroupInitLinkRaceTests : EngineTest
    {
        private const int Iterations = 200;

        private readonly ITestOutputHelper _output;

        public GroupInitLinkRaceTests(DockerFixture fixture, ITestOutputHelper output)
            : base(fixture)
        {
            _output = output;
        }

        /// <summary>The temp names and settings.json: group-init creates the file, sets its mode and hands it over.</summary>
        private const string FileLoop = """
              for f in .settings.json.init-*; do
                if [ -f "$f" ] && [ ! -L "$f" ]; then rm -f "$f"; ln -s "$FILE" "$f" && echo temp >> /workspace/planted; fi
              done
              if [ -f settings.json ] && [ ! -L settings.json ]; then rm -f settings.json; ln -s "$FILE" settings.json && echo settings >> /workspace/planted
              elif [ -L settings.json ]; then rm -f settings.json; fi
            """;

        /// <summary>The skills folder: group-init creates it, sets its mode and hands it over; the agent moves it away for a link.</summary>
        private const string FolderLoop = """
              if [ -d skills ] && [ ! -L skills ]; then mv skills old-skills-$i && ln -s "$FOLDER" skills && echo skills >> /workspace/planted
              elif [ -L skills ]; then rm -f skills; fi
            """;

        [Fact]
        public Task A_shell_loop_racing_links_for_the_files_group_init_writes_never_makes_it_touch_a_host_file() =>
            Race(target => ShellRacer(target, FileLoop), "settings");

        [Fact]
        public Task A_shell_loop_racing_links_for_the_folder_group_init_creates_never_makes_it_touch_a_host_folder() =>
            Race(target => ShellRacer(target, FolderLoop), "skills");

        [Theory]
        [InlineData("files", "settings")]
        [InlineData("folder", "skills")]
        [InlineData("all", "settings,skills")]
        public Task An_inotify_racer_swapping_what_group_init_creates_for_links_never_makes_it_touch_the_host(string what, string expectedPlants) =>
            Race(target => $"exec /app/skills/link-racer {what} '{target.File}' '{target.Folder}'", expectedPlants.Split(','));

        /// <summary>The sh racer: <paramref name="loop"/> repeated until told to stop, in /home/node/.claude (.claude-shared), with $FILE and $FOLDER the host targets.</summary>
        private static string ShellRacer(PlantTargets target, string loop) => $"""
            FILE='{target.File}'; FOLDER='{target.Folder}'
            cd /home/node/.claude || exit 1
            rm -rf settings.json skills
            echo ready > /workspace/ready
            i=0
            while [ ! -e /workspace/stop ]; do
              i=$((i+1))
            {loop}
            done
            exit 0
            """;

        /// <summary>
        /// Runs the group's session 'default' with the racer <paramref name="agent"/> builds (it writes
        /// /workspace/ready once racing, logs each plant to /workspace/planted, ends at /workspace/stop), runs
        /// group-init for session 'b' <see cref="Iterations"/> times meanwhile, and checks the targets after every init.
        /// </summary>
        private async Task Race(Func<PlantTargets, string> agent, params string[] expectedPlants)
        {
            var target = PlantTargets.Create(Host);
            TestHost.BuildProbe("link-racer.c", Path.Join(Host.DataRoot, "container/skills/link-racer"));
            var plan = TestHost.Plan("main");
            var session = Path.Join(Host.DataRoot, "data/v2-sessions/main/default");
            var script = agent(target);
            var run = Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", script } }, new GroupOutput(TextWriter.Null, TextWriter.Null));
            var refusals = new List<string>();
            var succeeded = 0;
            try
            {
                await WaitForFile(Path.Join(session, "ready"), run);
                for (var i = 0; i < Iterations; i++)
                {
                    try
                    {
                        GroupInit.Init(plan, Host.DataRoot, "b");
                        succeeded++;
                    }
                    catch (RuntimeError e)
                    {
                        refusals.Add(e.Message);
                    }

                    target.AssertUntouched($"after init {i + 1}");
                }
            }
            finally
            {
                // Stop the agent and let its run end before the engine cleanup, whatever failed.
                File.WriteAllText(Path.Join(session, "stop"), string.Empty);
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
            }

            Assert.Equal(0, (await run).ExitCode); // the agent's loop ran until told to stop (a plant that lost a race to init is fine)
            var planted = File.Exists(Path.Join(session, "planted")) ? File.ReadAllLines(Path.Join(session, "planted")) : Array.Empty<string>();
            _output.WriteLine($"{succeeded} inits succeeded, {refusals.Count} refused; the agent planted {string.Join(", ", planted.GroupBy(p => p).Select(g => $"{g.Count()} {g.Key}"))}");
            foreach (var refusal in refusals.Distinct().Take(5))
            {
                _output.WriteLine("refused: " + refusal);
            }

            Assert.All(expectedPlants, p => Assert.Contains(p, planted)); // the attack ran
            target.AssertUntouched("after the race");
            Assert.Equal(Iterations, succeeded + refusals.Count);
            Assert.All(refusals, PlantTargets.AssertClearRefusal);
        }

        private static async Task WaitForFile(string path, Task run)
        {
            for (var waited = 0; !File.Exists(path); waited += 50)
            {
                if (run.IsCompleted || waited > 60_000)
                {
                    await run; // surfaces the launch error, if any
                    Assert.Fail($"the racing container did not start (no {path})");
                }

                await Task.Delay(50);
            }
        }
    }
}
