namespace AgentSpec.Model;

/// <summary>
/// One mount of a compiled plan. <see cref="HostSource"/> is a template for host-managed mounts
/// (tokens such as {dataRoot} and {id}, see <see cref="HostManagedMounts"/>), the declared host path
/// (absolute or ~/...) for operator mounts, and <see cref="HostManagedMounts.TmpfsSource"/> for a tmpfs.
/// Value-equatable.
/// </summary>
public sealed record Mount(string Name, string HostSource, string ContainerPath, bool ReadOnly, MountOrigin Origin, MountKind Kind = MountKind.Bind)
{
    public bool IsHostManaged => Origin == MountOrigin.HostManaged;

    public bool IsTmpfs => Kind == MountKind.Tmpfs;

    public string Mode => ReadOnly ? "ro" : "rw";
}
