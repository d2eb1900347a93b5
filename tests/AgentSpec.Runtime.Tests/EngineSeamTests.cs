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
        private sealed class RecordingEngine : IContainerEngine
        {
            public List<ContainerListResponse> Containers { get; } = new();

            public List<IReadOnlyList<string>> Filters { get; } = new();

            public List<string> Calls { get; } = new();

            public string Endpoint => "unix:///nowhere.sock";

            public Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken)
            {
                Filters.Add(labels);
                return Task.FromResult<IList<ContainerListResponse>>(Containers.ToList());
            }

            public Task<bool> StopContainerAsync(string containerId, uint waitBeforeKillSeconds, CancellationToken cancellationToken)
            {
                Calls.Add($"stop {containerId} {waitBeforeKillSeconds}");
                return Task.FromResult(true);
            }

            public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
            {
                Calls.Add($"remove {containerId}");
                return Task.CompletedTask;
            }

            public Task PingAsync(CancellationToken cancellationToken) => throw Unused();

            public Task InspectImageAsync(string image, CancellationToken cancellationToken) => throw Unused();

            public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
                throw Unused();

            public Task<MultiplexedStream> AttachAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

            public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

            public Task<ContainerWaitResponse> WaitContainerAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

            public Task<ContainerInspectResponse> InspectContainerAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

            public Task<NetworksCreateResponse> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken) => throw Unused();

            public Task ConnectNetworkAsync(string networkId, string containerId, string alias, CancellationToken cancellationToken) => throw Unused();

            public Task<NetworkResponse> InspectNetworkAsync(string networkId, CancellationToken cancellationToken) => throw Unused();

            public Task DisconnectNetworkAsync(string networkId, string containerId, CancellationToken cancellationToken) => throw Unused();

            public Task DeleteNetworkAsync(string networkId, CancellationToken cancellationToken) => throw Unused();

            public Task<IList<NetworkResponse>> ListNetworksAsync(string label, CancellationToken cancellationToken) => throw Unused();

            public void Dispose()
            {
            }

            private static InvalidOperationException Unused() => new("not used by this test");
        }
    }
}
