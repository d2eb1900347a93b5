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

    /// <summary>
    /// <c>private: true</c> in groups.yaml: the destination may be (an IP literal) or resolve to a private address
    /// (RFC 1918, 100.64.0.0/10, fc00::/7). Never loopback, link-local or unspecified. False unless spelled out.
    /// </summary>
    public bool AllowPrivate { get; init; }

    /// <summary>Whether this rule lets a connection to <paramref name="host"/> through: the same name, or a name below a wildcard's parent.</summary>
    public bool Covers(string host) => IsWildcard
        ? host.EndsWith(Host.Substring(1), System.StringComparison.Ordinal) && host.Length > Host.Length - 1
        : host == Host;

    /// <summary>"api.anthropic.com:443 (credential anthropic)", as every view prints a rule.</summary>
    public string Describe() =>
        Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (Credential is null ? string.Empty : " (credential " + Credential + ")")
        + (AllowPrivate ? " (private addresses allowed)" : string.Empty);
}
