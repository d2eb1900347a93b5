using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The base of fake engines: every call throws "not used by this test" until a fake overrides it, so a test's fake
    /// states only the calls it answers and any other call the code under test makes fails the test.
    /// </summary>
    internal abstract class UnusedEngine : IContainerEngine
    {
        public virtual string Endpoint => "unix:///nowhere.sock";

        public virtual Task PingAsync(CancellationToken cancellationToken) => throw Unused();

        public virtual Task InspectImageAsync(string image, CancellationToken cancellationToken) => throw Unused();

        public virtual Task<IDictionary<string, string>> ImageLabelsAsync(string image, CancellationToken cancellationToken) => throw Unused();

        public virtual Task ImportImageAsync(System.IO.Stream tar, string repository, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken) =>
            throw Unused();

        public virtual Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
            throw Unused();

        public virtual Task<MultiplexedStream> AttachAsync(string containerId, bool stdin, CancellationToken cancellationToken) => throw Unused();

        public virtual Task StartContainerAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

        public virtual Task<ContainerWaitResponse> WaitContainerAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

        public virtual Task<bool> StopContainerAsync(string containerId, uint waitBeforeKillSeconds, CancellationToken cancellationToken) =>
            throw Unused();

        public virtual Task<ContainerInspectResponse> InspectContainerAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

        public virtual Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) => throw Unused();

        public virtual Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
            throw Unused();

        public virtual Task<NetworksCreateResponse> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken) =>
            throw Unused();

        public virtual Task ConnectNetworkAsync(string networkId, string containerId, string alias, CancellationToken cancellationToken) => throw Unused();

        public virtual Task<NetworkResponse> InspectNetworkAsync(string networkId, CancellationToken cancellationToken) => throw Unused();

        public virtual Task DisconnectNetworkAsync(string networkId, string containerId, CancellationToken cancellationToken) => throw Unused();

        public virtual Task DeleteNetworkAsync(string networkId, CancellationToken cancellationToken) => throw Unused();

        public virtual Task<IList<NetworkResponse>> ListNetworksAsync(string label, CancellationToken cancellationToken) => throw Unused();

        public void Dispose()
        {
        }

        private static InvalidOperationException Unused() => new("not used by this test");
    }
}
