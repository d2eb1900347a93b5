using System.Collections.Generic;
using System.Net;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>A destination the gateway allowed: the rule that allows it, the name asked for and the checked addresses (the only ones it connects to).</summary>
internal sealed record GatewayTarget(EgressRule Rule, string Host, int Port, IReadOnlyList<IPAddress> Addresses)
{
    /// <summary>Whether the name is an IP literal (then a TLS client sends no SNI).</summary>
    public bool IsLiteral => IPAddress.TryParse(Host, out _);

    /// <summary>"api.example.test:443".</summary>
    public string Describe() => (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
