using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The library's side of issue 20: <see cref="GroupLauncher"/> tells the caller what happens (<see cref="GroupRunEvent"/>),
    /// refuses per-run variables by groups.yaml's rules before anything exists, and a cancelled or timed-out run leaves nothing.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class GroupRunEventsTests : EngineTest
    {
        public GroupRunEventsTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        [Theory]
        [MemberData(nameof(PlanEnvironmentTests.RefusedNames), MemberType = typeof(PlanEnvironmentTests))]
        public async Task A_per_run_variable_with_a_protected_name_is_refused_before_init(string name)
        {
            var options = Options("true") with { Environment = new[] { new EnvVar(name, "value-never-shown") } };
            var e = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(TestHost.Plan("main"), options, Null()));

            Assert.StartsWith("refusing to start group 'main': environment variable ", e.Message);
            Assert.Matches("AGS04(06|07|15)", e.Message);
            Assert.DoesNotContain("value-never-shown", e.Message);
            Assert.False(Directory.Exists(Path.Join(Host.DataRoot, "data")), "nothing was initialised");
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task The_events_tell_the_run_in_order_with_the_name_known_in_advance()
        {
            var events = new ConcurrentQueue<GroupRunEvent>();
            var runId = "events-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var options = Options("sh", "-c", "echo \"$PER_RUN\"; exit 4") with
            {
                RunId = runId,
                Environment = new[] { new EnvVar("PER_RUN", "given") },
                Events = events.Enqueue,
            };
            var stdout = new StringWriter();

            var result = await Launcher.RunAsync(TestHost.Plan("main"), options, new GroupOutput(stdout, TextWriter.Null));

            Assert.Equal(4, result.ExitCode);
            Assert.Equal("given\n", stdout.ToString());
            var name = $"agentspec-main-default-{runId}";
            Assert.Equal(name, result.ContainerName);
            Assert.Equal(
                new[] { GroupRunEventKind.Initialized, GroupRunEventKind.Created, GroupRunEventKind.Started, GroupRunEventKind.Exited },
                events.Select(e => e.Kind));
            Assert.All(events, e => Assert.Equal(name, e.ContainerName));
            Assert.Null(events.First().ContainerId);
            Assert.Single(events.Skip(1).Select(e => e.ContainerId).Distinct());
            Assert.Equal(4, events.Last().ExitCode);
            Assert.NotNull(events.Last().Ran);
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task Cancelling_stops_and_removes_the_container_and_tells_stopped()
        {
            var events = new ConcurrentQueue<GroupRunEvent>();
            using var cancel = new CancellationTokenSource();
            var options = Options("sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done") with
            {
                StopTimeout = TimeSpan.FromSeconds(1),
                Events = e =>
                {
                    events.Enqueue(e);
                    if (e.Kind == GroupRunEventKind.Started)
                    {
                        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));
                    }
                },
            };

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Launcher.RunAsync(TestHost.Plan("main"), options, Null(), cancel.Token));

            var last = events.Last();
            Assert.Equal(GroupRunEventKind.Stopped, last.Kind);
            Assert.Equal("cancelled", last.Reason);
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task A_timeout_stops_and_removes_the_container_and_the_result_says_so()
        {
            var events = new ConcurrentQueue<GroupRunEvent>();
            var options = Options("sleep", "60") with { Timeout = TimeSpan.FromSeconds(1), StopTimeout = TimeSpan.Zero, Events = events.Enqueue };
            var started = DateTime.UtcNow;

            var result = await Launcher.RunAsync(TestHost.Plan("main"), options, Null());

            Assert.True(result.TimedOut);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(40), "the timeout did not end the run");
            Assert.Equal(GroupRunEventKind.Stopped, events.Last().Kind);
            Assert.Equal("timeout", events.Last().Reason);
            Assert.Empty(await Engine.ListAsync());
        }

        private static GroupOutput Null() => new(TextWriter.Null, TextWriter.Null);

        private GroupRunOptions Options(params string[] command)
        {
            Host.WriteDefaultAllowlist();
            return new GroupRunOptions(Host.Options()) { Command = command };
        }
    }
}
