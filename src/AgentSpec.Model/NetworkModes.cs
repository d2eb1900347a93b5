namespace AgentSpec.Model;

/// <summary>The groups.yaml spelling of <see cref="NetworkMode"/>.</summary>
public static class NetworkModes
{
    public const string NoneName = "none";
    public const string ProxyName = "proxy";

    public static string Name(this NetworkMode mode) => mode == NetworkMode.Proxy ? ProxyName : NoneName;

    /// <summary>"none" or "proxy" (exactly; the schema refuses anything else); null otherwise.</summary>
    public static NetworkMode? Parse(string text) =>
        text == NoneName ? NetworkMode.None : text == ProxyName ? NetworkMode.Proxy : (NetworkMode?)null;
}
