namespace AgentSpec.Model;

/// <summary>The groups.yaml spelling of <see cref="NetworkMode"/>.</summary>
public static class NetworkModes
{
    public const string NoneName = "none";
    public const string ProxyName = "proxy";

    /// <summary>How plans and views name <see cref="NetworkMode.Gateway"/>; groups.yaml never writes it (an egress list implies it).</summary>
    public const string GatewayName = "gateway";

    public static string Name(this NetworkMode mode) => mode switch
    {
        NetworkMode.Proxy => ProxyName,
        NetworkMode.Gateway => GatewayName,
        _ => NoneName,
    };

    /// <summary>"none" or "proxy" (exactly; the schema refuses anything else); null otherwise.</summary>
    public static NetworkMode? Parse(string text) =>
        text == NoneName ? NetworkMode.None : text == ProxyName ? NetworkMode.Proxy : (NetworkMode?)null;
}
