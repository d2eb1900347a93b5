using AgentSpec.Model;

namespace AgentSpec.Kubernetes;

/// <summary>
/// How to render: everything that is not in the plans. <see cref="DataRoot"/> and <see cref="Home"/> place the
/// hostPath folders (the runtime's layout); <see cref="InstallId"/> is the runtime's install label of that data root.
/// </summary>
internal sealed record RenderOptions(VolumeMode Volumes, string InstallId, string DataRoot, string Home)
{
    /// <summary>The group session: its workspace folder (hostPath) or claim, and the session label.</summary>
    public string Session { get; init; } = HostManagedMounts.DefaultSession;

    /// <summary>The command after '--': a Job running it (as the image's CMD replaced, like `agentspec run -- CMD`); null renders a Pod.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Where operator mounts live on the cluster; required in claims mode for every operator mount rendered.</summary>
    public MountsMap Map { get; init; } = MountsMap.Empty;

    /// <summary>The egress proxy's port (egress-proxy.json, as the runtime reads it); needed only when a group with network: proxy is rendered.</summary>
    public int? ProxyPort { get; init; }

    /// <summary>The image of AgentSpec's egress gateway, rendered as a workload of its own for each group with egress (--gateway-image).</summary>
    public string GatewayImage { get; init; } = GatewayWorkload.DefaultImage;
}
