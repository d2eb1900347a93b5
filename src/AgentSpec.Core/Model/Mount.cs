namespace AgentSpec.Model
{
    /// <summary>Who decides a mount: the host (compiled in, never changeable by operator config) or the operator (groups.yaml).</summary>
    public enum MountOrigin
    {
        HostManaged,
        Operator,
    }

    /// <summary>
    /// One bind mount of a compiled plan. <see cref="HostSource"/> is a template for host-managed mounts
    /// (tokens such as {dataRoot} and {id}, see <see cref="HostManagedMounts"/>) and the declared host path
    /// (absolute or ~/...) for operator mounts. Value-equatable.
    /// </summary>
    public sealed record Mount(string Name, string HostSource, string ContainerPath, bool ReadOnly, MountOrigin Origin)
    {
        public bool IsHostManaged => Origin == MountOrigin.HostManaged;

        public string Mode => ReadOnly ? "ro" : "rw";
    }
}
