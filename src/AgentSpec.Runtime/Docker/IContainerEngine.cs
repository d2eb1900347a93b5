using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>
/// The few engine operations AgentSpec uses, and nothing else: the seam between AgentSpec's container logic and
/// the Docker Engine API. Calls throw the engine client's own exceptions; <see cref="EngineErrors"/> turns them into
/// <see cref="RuntimeError"/>s where the caller decides they are failures.
/// </summary>
internal interface IContainerEngine : IDisposable
{
    /// <summary>The engine endpoint, as the operator gave it (for messages).</summary>
    string Endpoint { get; }

    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>Inspects an image; throws the engine's not-found when it is absent (nothing is ever pulled).</summary>
    Task InspectImageAsync(string image, CancellationToken cancellationToken);

    /// <summary>The labels of an image (empty when it has none); throws the engine's not-found when it is absent.</summary>
    Task<IDictionary<string, string>> ImageLabelsAsync(string image, CancellationToken cancellationToken);

    /// <summary>Imports a root file system from a tar stream as REPOSITORY:TAG, as `docker import` does, with Dockerfile <paramref name="changes"/>.</summary>
    Task ImportImageAsync(System.IO.Stream tar, string repository, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken);

    Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken);

    /// <summary>Attaches to stdout and stderr (streamed), and stdin when <paramref name="stdin"/>, before start so no output is missed.</summary>
    Task<MultiplexedStream> AttachAsync(string containerId, bool stdin, CancellationToken cancellationToken);

    Task StartContainerAsync(string containerId, CancellationToken cancellationToken);

    Task<ContainerWaitResponse> WaitContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="waitBeforeKillSeconds"/>; false when it was not running.</summary>
    Task<bool> StopContainerAsync(string containerId, uint waitBeforeKillSeconds, CancellationToken cancellationToken);

    Task<ContainerInspectResponse> InspectContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Removes a container by force (killing it if it still runs).</summary>
    Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken);

    /// <summary>Every container (running or not) carrying all of <paramref name="labels"/> ("key=value").</summary>
    Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken);

    Task<NetworksCreateResponse> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken);

    /// <summary>Connects a container to a network under <paramref name="alias"/>.</summary>
    Task ConnectNetworkAsync(string networkId, string containerId, string alias, CancellationToken cancellationToken);

    Task<NetworkResponse> InspectNetworkAsync(string networkId, CancellationToken cancellationToken);

    /// <summary>Disconnects a container from a network by force.</summary>
    Task DisconnectNetworkAsync(string networkId, string containerId, CancellationToken cancellationToken);

    Task DeleteNetworkAsync(string networkId, CancellationToken cancellationToken);

    /// <summary>Every network carrying <paramref name="label"/> ("key=value").</summary>
    Task<IList<NetworkResponse>> ListNetworksAsync(string label, CancellationToken cancellationToken);
}
