using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// AgentSpec's own deadlines on engine calls (issue 23, finding 3), over an engine that never answers and ignores
    /// cancellation (a frozen dockerd); and `stop` removing containers in every state (finding 2). No engine needed.
    /// </summary>
    public sealed class EngineDeadlineTests
    {
        [Fact]
        public async Task A_call_the_engine_never_answers_fails_at_the_deadline_with_a_notice_while_it_waits()
        {
            var notices = new List<string>();
            using var launcher = new DockerLauncher(
                "install-a", new DeadlineEngine(new SilentEngine(), EngineDeadlines.For(TimeSpan.FromSeconds(2)), notices.Add), null, LaunchTimings.Off);
            var clock = Stopwatch.StartNew();

            var failure = await Assert.ThrowsAsync<EngineFailure>(() => launcher.PingAsync());

            Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 10);
            Assert.Equal(
                "the Docker engine at unix:///nowhere.sock did not answer within 2 s (ping); it may be frozen or overloaded: check that dockerd runs " +
                "and answers (docker info), or give it longer with AGENTSPEC_ENGINE_TIMEOUT=SECONDS",
                failure.Message);
            Assert.Matches(@"^waiting for the Docker engine at unix:///nowhere\.sock to answer: ping \(\d s so far, giving up after 2 s\)$", Assert.Single(notices));
        }

        [Theory]
        [InlineData("5", 5)]
        [InlineData("600", 600)]
        [InlineData(null, 30)]
        public void The_deadline_comes_from_AGENTSPEC_ENGINE_TIMEOUT(string? value, int seconds) =>
            Assert.Equal(TimeSpan.FromSeconds(seconds), EngineDeadlines.FromEnvironment(name => name == EngineDeadlines.Variable ? value : null).Call);

        [Theory]
        [InlineData("0")]
        [InlineData("601")]
        [InlineData("5s")]
        [InlineData("-1")]
        public void A_malformed_deadline_is_refused_with_the_range(string value)
        {
            var e = Assert.Throws<RuntimeError>(() => EngineDeadlines.FromEnvironment(_ => value));
            Assert.Equal($"AGENTSPEC_ENGINE_TIMEOUT={value}: give the engine call deadline in whole seconds, 1 to 600 (default 30)", e.Message);
        }

        [Fact]
        public async Task Stop_of_a_session_removes_its_created_and_exited_containers_too()
        {
            var engine = new SilentEngine
            {
                Containers = { Container("created-one", "created", "s1"), Container("exited-one", "exited", "s1"), Container("other-session", "running", "s2") },
            };
            using var launcher = new DockerLauncher("install-a", engine, null, LaunchTimings.Off);

            var done = await launcher.StopAndRemoveAsync("main", "s1");

            Assert.Equal(new SessionCleanup(Stopped: 0, Removed: 2, Networks: 0), done);
            Assert.Equal(new[] { "remove created-one", "remove exited-one" }, engine.Calls);
        }

        private static ContainerListResponse Container(string id, string state, string session) => new()
        {
            ID = id,
            Names = new List<string> { "/" + id },
            Image = TestHost.Image,
            State = state,
            Status = state,
            Labels = new Dictionary<string, string>
            {
                ["agentspec.install"] = "install-a", ["agentspec.group"] = "main", ["agentspec.run"] = "r1", ["agentspec.session"] = session,
            },
        };

        /// <summary>Never answers a ping and ignores its token (a frozen engine); lists what it holds; records removals.</summary>
        private sealed class SilentEngine : UnusedEngine
        {
            public List<ContainerListResponse> Containers { get; } = new();

            public List<string> Calls { get; } = new();

            public override Task PingAsync(CancellationToken cancellationToken) => new TaskCompletionSource().Task;

            public override Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
                Task.FromResult<IList<ContainerListResponse>>(Containers.ToList());

            public override Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
            {
                Calls.Add($"remove {containerId}");
                return Task.CompletedTask;
            }

            public override Task<bool> StopContainerAsync(string containerId, uint waitBeforeKillSeconds, CancellationToken cancellationToken)
            {
                Calls.Add($"stop {containerId}");
                return Task.FromResult(true);
            }

            public override Task<IList<NetworkResponse>> ListNetworksAsync(string label, CancellationToken cancellationToken) =>
                Task.FromResult<IList<NetworkResponse>>(new List<NetworkResponse>());
        }
    }
}
