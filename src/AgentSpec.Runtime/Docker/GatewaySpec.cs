using System.Collections.Generic;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// What the launcher needs to start a run's egress gateway, prepared (and checked) before anything is created: the
/// operator's gateway configuration, the policy from the plan, the credentials the plan names (values read from the
/// operator's file; they go to the gateway only) and the gateway's folder in the data root.
/// </summary>
internal sealed record GatewaySpec(GatewayConfig Config, string PolicyJson, IReadOnlyList<Credential> Credentials, string Root)
{
    /// <summary>The port the gateway listens on, on the run's internal network.</summary>
    public const int Port = 3128;

    /// <summary>The gateway's user when agentspec runs as root: nobody (never root, never the agent's 1000).</summary>
    public static readonly ContainerUser Nobody = new(65534, 65534);

    /// <summary>The image the gateway runs.</summary>
    public string Image => Config.Image ?? GatewayImage.DefaultTag;

    /// <summary>Whether the gateway terminates the agent's TLS for some destination (a credential), so the agent must trust its CA.</summary>
    public bool Intercepts => Credentials.Count > 0;

    /// <summary>The invoking user's uid:gid (the files the host writes for the gateway are then already its), or <see cref="Nobody"/> under root.</summary>
    public static ContainerUser User => HostFiles.EffectiveUid is > 0 and var uid ? new ContainerUser(uid, HostFiles.EffectiveGid) : Nobody;
}
