namespace AgentSpec.Model;

/// <summary>
/// One destination a group may reach through AgentSpec's egress gateway: a host name (exact, or a leftmost
/// <c>*.</c> wildcard that matches one or more labels below it, never the bare parent), a TCP port, and
/// optionally the name of a credential the gateway adds to requests there. The credential's value never lives in
/// a plan: it is operator config on the host. Value-equatable.
/// </summary>
public sealed record EgressRule(string Host, int Port, string? Credential)
{
    /// <summary>True for a <c>*.example.com</c> rule.</summary>
    public bool IsWildcard => Host.StartsWith("*.", System.StringComparison.Ordinal);
}
