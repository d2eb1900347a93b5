using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>The per-run networks of network: proxy groups: created with the operator's proxy on them, removed after the run or by cleanup.</summary>
internal sealed class ProxyNetworks
{
    /// <summary>The alias of the operator's proxy on a run's network.</summary>
    public const string ProxyAlias = "egress-proxy";

    private readonly IContainerEngine _engine;
    private readonly EngineErrors _errors;
    private readonly string _installId;

    public ProxyNetworks(IContainerEngine engine, EngineErrors errors, string installId)
    {
        _engine = engine;
        _errors = errors;
        _installId = installId;
    }

    /// <summary>The name of a run's proxy network: agentspec-net-&lt;group&gt;-&lt;run&gt;.</summary>
    public static string NetworkName(string groupId, string runId) => $"agentspec-net-{groupId}-{runId}";

    /// <summary>
    /// The network of one proxy-mode run: internal, no IPv4 address for the host on its bridge
    /// (com.docker.network.bridge.inhibit_ipv4: engine 20.10 still gives internal networks a default route via that
    /// address, and with --iptables=false nothing else keeps the agent from the host's services there), no IPv6,
    /// labelled so cleanup finds it; then the operator's proxy container is connected with the alias egress-proxy.
    /// Its only members are that proxy and this run's agent. Refuses when the proxy container is missing, not
    /// running, or one of AgentSpec's own.
    /// </summary>
    public async Task<ProxyNetwork> CreateAsync(LaunchSpec spec, EgressProxyConfig proxy, CancellationToken cancellationToken)
    {
        var proxyContainer = await ProxyContainerAsync(spec, proxy, cancellationToken).ConfigureAwait(false);
        var (created, name) = await CreateInternalAsync(spec, cancellationToken).ConfigureAwait(false);
        try
        {
            await _errors.Call(() => _engine.ConnectNetworkAsync(created.ID, proxyContainer.ID, ProxyAlias, cancellationToken), cancellationToken)
                .ConfigureAwait(false);
            var inspected = await _errors.Call(() => _engine.InspectNetworkAsync(created.ID, cancellationToken), cancellationToken).ConfigureAwait(false);
            var address = inspected.Containers is not null && inspected.Containers.TryGetValue(proxyContainer.ID, out var endpoint)
                ? endpoint.IPv4Address?.Split('/')[0]
                : null;
            if (string.IsNullOrEmpty(address))
            {
                throw new RuntimeError(
                    $"group '{spec.GroupId}': the egress proxy container '{proxy.Container}' got no IPv4 address on network {name}; " +
                    "check that it is not in host or container network mode");
            }

            return new ProxyNetwork(created.ID, name, proxyContainer.ID, address!, proxy.Port);
        }
        catch
        {
            await RemoveQuietlyAsync(created.ID).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A run's own network (for the operator's proxy or AgentSpec's gateway): internal, no IPv4 address for the host on its bridge
    /// (com.docker.network.bridge.inhibit_ipv4: engine 20.10 still gives internal networks a default route via that address, and
    /// with --iptables=false nothing else keeps the agent from the host's services there), no IPv6, labelled so cleanup finds it.
    /// </summary>
    public async Task<(NetworksCreateResponse Created, string Name)> CreateInternalAsync(LaunchSpec spec, CancellationToken cancellationToken)
    {
        var name = NetworkName(spec.GroupId, spec.RunId);
        var parameters = new NetworksCreateParameters
        {
            Name = name,
            Driver = "bridge",
            Internal = true,
            EnableIPv6 = false,
            Attachable = false,
            Options = new Dictionary<string, string> { ["com.docker.network.bridge.inhibit_ipv4"] = "true" },
            Labels = ContainerLabels.For(_installId, spec),
        };
        var created = await _errors.Call(() => _engine.CreateNetworkAsync(parameters, cancellationToken), cancellationToken).ConfigureAwait(false);
        return (created, name);
    }

    /// <summary>Removes every network of this installation (proxy networks a killed agentspec left), disconnecting the proxy first; returns how many.</summary>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken)
    {
        var networks = await _errors.Call(() => _engine.ListNetworksAsync(ContainerLabels.InstallFilter(_installId), cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        var removed = 0;
        foreach (var network in networks.Where(n => ContainerLabels.AreOfInstall(n.Labels, _installId)))
        {
            await RemoveQuietlyAsync(network.ID).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }

    /// <summary>Disconnects whatever is still connected (the operator's proxy) and deletes the network; a network already gone is fine.</summary>
    public async Task RemoveQuietlyAsync(string id)
    {
        try
        {
            var network = await _engine.InspectNetworkAsync(id, CancellationToken.None).ConfigureAwait(false);
            foreach (var member in network.Containers?.Keys ?? Enumerable.Empty<string>())
            {
                await _engine.DisconnectNetworkAsync(id, member, CancellationToken.None).ConfigureAwait(false);
            }

            await _engine.DeleteNetworkAsync(id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (DockerNetworkNotFoundException)
        {
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Called from finally blocks: never replace the run's own outcome. A network left behind carries the
            // run's labels, and `agentspec stop GROUP --session S` or `cleanup` removes it.
        }
    }

    /// <summary>This installation's proxy networks of one group (of one session, or all), for stop.</summary>
    public async Task<IReadOnlyList<string>> OfGroupAsync(string groupId, string? session, CancellationToken cancellationToken)
    {
        var networks = await _errors.Call(() => _engine.ListNetworksAsync(ContainerLabels.InstallFilter(_installId), cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        return networks
            .Where(n => ContainerLabels.AreOfInstall(n.Labels, _installId))
            .Where(n => ContainerLabels.Value(n.Labels, Labels.Group) == groupId)
            .Where(n => session is null || ContainerLabels.Value(n.Labels, Labels.Session, AgentSpec.Model.HostManagedMounts.DefaultSession) == session)
            .Select(n => n.ID)
            .ToList();
    }

    /// <summary>The operator's running proxy container, refused when missing, not running or one of AgentSpec's own.</summary>
    private async Task<ContainerInspectResponse> ProxyContainerAsync(LaunchSpec spec, EgressProxyConfig proxy, CancellationToken cancellationToken)
    {
        ContainerInspectResponse proxyContainer;
        try
        {
            proxyContainer = await _engine.InspectContainerAsync(proxy.Container, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException e)
        {
            throw new RuntimeError(
                $"group '{spec.GroupId}' has network: proxy, but the egress proxy container '{proxy.Container}' " +
                $"does not exist on the engine at {_engine.Endpoint}; " +
                "start your proxy container or correct its name in the egress proxy configuration. Nothing was started",
                e);
        }

        if (proxyContainer.Config?.Labels is { } labels && labels.ContainsKey(Labels.Install))
        {
            throw new RuntimeError(
                $"group '{spec.GroupId}': the egress proxy container '{proxy.Container}' is an AgentSpec agent container, not a proxy; " +
                "name your proxy container in the egress proxy configuration");
        }

        if (proxyContainer.State?.Running != true)
        {
            throw new RuntimeError(
                $"group '{spec.GroupId}' has network: proxy, but the egress proxy container '{proxy.Container}' " +
                $"is not running ({proxyContainer.State?.Status}); " +
                $"start it (docker start {proxy.Container}) and run again. Nothing was started");
        }

        return proxyContainer;
    }
}
