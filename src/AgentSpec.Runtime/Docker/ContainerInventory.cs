using System.Net;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>This installation's containers, and only those: listing, stopping and removing them by their labels.</summary>
internal sealed class ContainerInventory
{
    private readonly IContainerEngine _engine;
    private readonly EngineErrors _errors;
    private readonly string _installId;

    public ContainerInventory(IContainerEngine engine, EngineErrors errors, string installId)
    {
        _engine = engine;
        _errors = errors;
        _installId = installId;
    }

    /// <summary>This installation's containers, optionally of one group only.</summary>
    public async Task<IReadOnlyList<ContainerInfo>> ListAsync(string? groupId, CancellationToken cancellationToken)
    {
        var filter = new List<string> { ContainerLabels.InstallFilter(_installId) };
        if (groupId is not null)
        {
            filter.Add(ContainerLabels.GroupFilter(groupId));
        }

        var list = await _errors.Call(() => _engine.ListContainersAsync(filter, cancellationToken), cancellationToken).ConfigureAwait(false);

        // Defence in depth: keep only what really carries this install's label.
        return list
            .Where(c => ContainerLabels.AreOfInstall(c.Labels, _installId))
            .Where(c => groupId is null || (c.Labels.TryGetValue(Labels.Group, out var g) && g == groupId))
            .Select(c => new ContainerInfo(
                c.ID,
                c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID,
                ContainerLabels.Value(c.Labels, Labels.Group),
                ContainerLabels.Value(c.Labels, Labels.Run),
                c.Image,
                c.State,
                c.Status,
                c.Created)
            {
                Session = ContainerLabels.Value(c.Labels, Labels.Session, HostManagedMounts.DefaultSession),
            })
            .ToList();
    }

    /// <summary>Stops this installation's running containers of one group (of one session, or all); returns how many were stopped.</summary>
    public async Task<int> StopGroupAsync(string groupId, string? session, uint waitBeforeKillSeconds, CancellationToken cancellationToken)
    {
        var stopped = 0;
        var running = (await ListAsync(groupId, cancellationToken).ConfigureAwait(false))
            .Where(c => c.State == "running" && (session is null || c.Session == session));
        foreach (var c in running)
        {
            if (await _errors.Call(() => _engine.StopContainerAsync(c.Id, waitBeforeKillSeconds, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                stopped++;
            }
        }

        return stopped;
    }

    /// <summary>
    /// Stops (SIGTERM, then SIGKILL) the running containers of one group (of one session, or all), then removes every
    /// container of it whatever its state (created, running, exited) and the proxy networks of those runs.
    /// </summary>
    public async Task<SessionCleanup> StopAndRemoveAsync(
        string groupId, string? session, uint waitBeforeKillSeconds, ProxyNetworks networks, CancellationToken cancellationToken)
    {
        // One list: what is removed is what was there (a container its own agentspec removes meanwhile counts as removed).
        var found = (await ListAsync(groupId, cancellationToken).ConfigureAwait(false)).Where(c => session is null || c.Session == session).ToList();
        var stopped = 0;
        foreach (var c in found.Where(c => c.State == "running"))
        {
            if (await _errors.Call(() => _engine.StopContainerAsync(c.Id, waitBeforeKillSeconds, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                stopped++;
            }
        }

        var removed = 0;
        foreach (var c in found)
        {
            try
            {
                await _errors.Call(() => _engine.RemoveContainerAsync(c.Id, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (RuntimeError e) when (e.InnerException is Docker.DotNet.DockerApiException
                { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.Conflict })
            {
                // Its own agentspec removed it meanwhile (or is removing it): gone all the same.
            }

            removed++;
        }

        var left = await networks.OfGroupAsync(groupId, session, cancellationToken).ConfigureAwait(false);
        foreach (var id in left)
        {
            await networks.RemoveQuietlyAsync(id).ConfigureAwait(false);
        }

        return new SessionCleanup(stopped, removed, left.Count);
    }

    /// <summary>Removes (force) every container of this installation, and only those; returns how many.</summary>
    public async Task<int> CleanupAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var c in await ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            await _errors.Call(() => _engine.RemoveContainerAsync(c.Id, cancellationToken), cancellationToken).ConfigureAwait(false);
            removed++;
        }

        return removed;
    }
}
