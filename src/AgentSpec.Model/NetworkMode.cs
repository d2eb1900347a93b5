namespace AgentSpec.Model;

/// <summary>
/// What network a group's container gets. <see cref="None"/> (the default): no interface but loopback.
/// <see cref="Proxy"/>: one interface on a network of its own whose only other member is the operator's egress
/// proxy, with HTTPS_PROXY/HTTP_PROXY/NO_PROXY set for it; nothing else is reachable (docs/running.md).
/// </summary>
public enum NetworkMode
{
    None = 0,
    Proxy = 1,

    /// <summary>
    /// One interface on a network of its own whose only other member is AgentSpec's egress gateway, which lets through
    /// only the plan's <see cref="GroupPlan.Egress"/>.
    /// </summary>
    Gateway = 2,
}
