using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The launcher over a recording <see cref="IContainerEngine"/>, no engine: list, stop and cleanup touch only what
    /// carries this install's label, even when the engine's filter lets something else through.
    /// </summary>
    public sealed class EngineSeamTests
    {
        [Fact]
        public async Task List_stop_and_cleanup_keep_to_this_installs_containers_whatever_the_engine_returns()
        {
            var engine = new RecordingEngine
            {
                Containers =
                {
                    Container("mine", "install-a", "main", "running"),
                    Container("theirs", "install-b", "main", "running"),
                    Container("unlabelled", null, "main", "running"),
                },
            };
            using var launcher = new DockerLauncher("install-a", engine, onShutdown: null, LaunchTimings.Off);

            var listed = await launcher.ListAsync("main");
            var stopped = await launcher.StopGroupAsync("main");
            var removed = await launcher.CleanupAsync();

            Assert.Equal(new[] { "mine" }, listed.Select(c => c.Id));
            Assert.Equal(("main", "r1", "s1"), (listed[0].GroupId, listed[0].RunId, listed[0].Session));
            Assert.Equal(new[] { "agentspec.install=install-a", "agentspec.group=main" }, engine.Filters[0]);
            Assert.Equal((1, 1), (stopped, removed));
            Assert.Equal(new[] { "stop mine 10", "remove mine" }, engine.Calls);
        }

        private static ContainerListResponse Container(string id, string? install, string group, string state) => new()
        {
            ID = id,
            Names = new List<string> { "/agentspec-" + id },
            Image = TestHost.Image,
            State = state,
            Status = state,
            Labels = install is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string>
                {
                    ["agentspec.install"] = install, ["agentspec.group"] = group, ["agentspec.run"] = "r1", ["agentspec.session"] = "s1",
                },
        };

        /// <summary>Answers list with whatever it holds (as an engine ignoring the filter would) and records the rest.</summary>
        private sealed class RecordingEngine : UnusedEngine
        {
            public List<ContainerListResponse> Containers { get; } = new();

            public List<IReadOnlyList<string>> Filters { get; } = new();

            public List<string> Calls { get; } = new();

            public override Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken)
            {
                Filters.Add(labels);
                return Task.FromResult<IList<ContainerListResponse>>(Containers.ToList());
            }

            public override Task<bool> StopContainerAsync(string containerId, uint waitBeforeKillSeconds, CancellationToken cancellationToken)
            {
                Calls.Add($"stop {containerId} {waitBeforeKillSeconds}");
                return Task.FromResult(true);
            }

            public override Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
            {
                Calls.Add($"remove {containerId}");
                return Task.CompletedTask;
            }
        }
    }
}
