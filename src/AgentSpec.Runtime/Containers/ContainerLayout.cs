namespace AgentSpec.Runtime;

/// <summary>
/// The inside of every agent container that the engine mapping and the Kubernetes renderer both set: where the agent
/// starts and how large a host-managed tmpfs is. One home, so a container on the engine and a Pod never differ.
/// </summary>
internal static class ContainerLayout
{
    /// <summary>The agent's working directory: the session folder's mount.</summary>
    public const string WorkingDirectory = "/workspace";

    /// <summary>Size of a host-managed tmpfs (an emptyDir on Kubernetes): it only ever holds the empty folders made as mount points.</summary>
    public const long TmpfsSizeBytes = 1024 * 1024;
}
