using System.IO;

namespace AgentSpec.Runtime;

/// <summary>
/// Where the host keeps a gateway's files, all in the data root's gateway/ folder, which no container of an agent
/// ever mounts: the installation's CA (ca/, 0700, mounted read-write into gateways only), one folder per run with the
/// policy, the credentials the run needs and the agent's copy of the CA certificate (runs/NAME/, removed after the
/// run), and the connection logs the operator reads afterwards (logs/GROUP/SESSION/RUN.log, kept).
/// </summary>
internal static class GatewayPaths
{
    public const string FolderName = "gateway";

    /// <summary>Inside the gateway container.</summary>
    public const string ConfigFolder = "/etc/agentspec-gateway";

    public const string PolicyFile = ConfigFolder + "/policy.json";

    public const string CredentialsFile = ConfigFolder + "/credentials/credentials.json";

    public const string UpstreamCaFile = ConfigFolder + "/upstream-ca.pem";

    public const string CaFolder = "/var/lib/agentspec-gateway/ca";

    /// <summary>Inside the agent's container: the folder with the CA certificate alone and the bundle of it and the host's roots.</summary>
    public const string AgentCaFolder = "/etc/agentspec-egress";

    public const string AgentCaFile = AgentCaFolder + "/ca.pem";

    public const string AgentBundleFile = AgentCaFolder + "/bundle.pem";

    public static string Root(string dataRoot) => Path.Join(dataRoot, FolderName);

    public static string Ca(string root) => Path.Join(root, "ca");

    public static string Run(string root, string containerName) => Path.Join(root, "runs", containerName);

    public static string Log(string root, string groupId, string session, string runId) => Path.Join(root, "logs", groupId, session, runId + ".log");
}
