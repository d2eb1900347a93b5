using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>
/// <see cref="IContainerEngine"/> over Docker.DotNet.Enhanced (never the docker CLI). The client is made on first use,
/// so constructing a launcher never touches the engine; an endpoint that is not a URI is refused then.
/// </summary>
internal sealed class DockerEngine : IContainerEngine
{
    private readonly Lazy<DockerClient> _client;

    public DockerEngine(string endpoint)
    {
        Endpoint = endpoint;
        _client = new Lazy<DockerClient>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Endpoint { get; }

    private DockerClient Client => _client.Value;

    public Task PingAsync(CancellationToken cancellationToken) => Client.System.PingAsync(cancellationToken);

    public Task InspectImageAsync(string image, CancellationToken cancellationToken) => Client.Images.InspectImageAsync(image, cancellationToken);

    public async Task<IDictionary<string, string>> ImageLabelsAsync(string image, CancellationToken cancellationToken) =>
        (await Client.Images.InspectImageAsync(image, cancellationToken).ConfigureAwait(false)).Config?.Labels ?? new Dictionary<string, string>();

    public Task ImportImageAsync(System.IO.Stream tar, string repository, string tag, IReadOnlyList<string> changes, CancellationToken cancellationToken) =>
        Client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag, Changes = changes.ToList() },
            tar,
            null!,
            new Progress<JSONMessage>(),
            cancellationToken);

    public Task<CreateContainerResponse> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancellationToken) =>
        Client.Containers.CreateContainerAsync(parameters, cancellationToken);

    public Task<MultiplexedStream> AttachAsync(string containerId, bool stdin, CancellationToken cancellationToken) =>
        Client.Containers.AttachContainerAsync(
            containerId, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true, Stdin = stdin }, cancellationToken);

    public Task StartContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Client.Containers.StartContainerAsync(containerId, new ContainerStartParameters(), cancellationToken);

    public Task<ContainerWaitResponse> WaitContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Client.Containers.WaitContainerAsync(containerId, cancellationToken);

    public Task<bool> StopContainerAsync(string containerId, uint waitBeforeKillSeconds, CancellationToken cancellationToken) =>
        Client.Containers.StopContainerAsync(containerId, new ContainerStopParameters { WaitBeforeKillSeconds = waitBeforeKillSeconds }, cancellationToken);

    public Task<ContainerInspectResponse> InspectContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Client.Containers.InspectContainerAsync(containerId, cancellationToken);

    public Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken) =>
        Client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true }, cancellationToken);

    public Task<IList<ContainerListResponse>> ListContainersAsync(IReadOnlyList<string> labels, CancellationToken cancellationToken) =>
        Client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = LabelFilter(labels) }, cancellationToken);

    public Task<NetworksCreateResponse> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken) =>
        Client.Networks.CreateNetworkAsync(parameters, cancellationToken);

    public Task ConnectNetworkAsync(string networkId, string containerId, string alias, CancellationToken cancellationToken) =>
        Client.Networks.ConnectNetworkAsync(
            networkId,
            new NetworkConnectParameters { Container = containerId, EndpointConfig = new EndpointSettings { Aliases = new List<string> { alias } } },
            cancellationToken);

    public Task<NetworkResponse> InspectNetworkAsync(string networkId, CancellationToken cancellationToken) =>
        Client.Networks.InspectNetworkAsync(networkId, cancellationToken);

    public Task DisconnectNetworkAsync(string networkId, string containerId, CancellationToken cancellationToken) =>
        Client.Networks.DisconnectNetworkAsync(networkId, new NetworkDisconnectParameters { Container = containerId, Force = true }, cancellationToken);

    public Task DeleteNetworkAsync(string networkId, CancellationToken cancellationToken) => Client.Networks.DeleteNetworkAsync(networkId, cancellationToken);

    public Task<IList<NetworkResponse>> ListNetworksAsync(string label, CancellationToken cancellationToken) =>
        Client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = LabelFilter(new[] { label }) }, cancellationToken);

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static Dictionary<string, IDictionary<string, bool>> LabelFilter(IEnumerable<string> labels) =>
        new() { ["label"] = labels.ToDictionary(l => l, _ => true) };

    private DockerClient CreateClient()
    {
        try
        {
            return new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).Build();
        }
        catch (UriFormatException e)
        {
            throw new RuntimeError(
                $"the Docker endpoint '{Endpoint}' is not a valid URI ({e.Message}); set DOCKER_HOST to e.g. {DockerLauncher.DefaultEndpoint}", e);
        }
    }
}
