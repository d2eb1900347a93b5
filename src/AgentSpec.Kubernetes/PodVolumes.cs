using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>
/// The volumes of one group's Pod and where its two containers mount them: the host-managed mounts (from the group's
/// claims or from the host's data root), the operator mounts (through the mounts map), the memory-backed scratch space,
/// and what the group-init container must create (folders, the default Claude settings on a claim).
/// </summary>
internal sealed class PodVolumes
{
    /// <summary>Where the init container sees the claims whole, to create the data-root layout's folders in them.</summary>
    private const string InitClaimRoot = "/agentspec-init";

    private readonly NameRegistry _names = new();

    /// <summary>The Pod's volumes, in the order they are added.</summary>
    public List<V1Volume> Volumes { get; } = new();

    /// <summary>The agent container's mounts.</summary>
    public List<V1VolumeMount> Mounts { get; } = new();

    /// <summary>The folders group-init creates (its arguments).</summary>
    public List<string> InitFolders { get; } = new();

    /// <summary>The init container's mounts.</summary>
    public List<V1VolumeMount> InitMounts { get; } = new();

    /// <summary>The init container's variables (the Claude settings file it writes on a claim).</summary>
    public List<V1EnvVar> InitEnv { get; } = new();

    /// <summary>
    /// The host-managed mounts from the group's claims: the session claim, the group's data claim and the shared claim,
    /// each source at its data-root path inside them; files from the container.json ConfigMap <paramref name="configMap"/>.
    /// </summary>
    public void AddClaims(GroupPlan plan, string session, string sessionClaim, string groupClaim, string configMap)
    {
        var claimVolumes = new Dictionary<ClaimScope, (string Volume, string? InitPath)>
        {
            [ClaimScope.Session] = (Name("session", "session"), InitClaimRoot + "/session"),
            [ClaimScope.Group] = (Name("group-data", "group data"), InitClaimRoot + "/group"),
            [ClaimScope.Shared] = (Name("shared", "shared sources"), null),
        };
        AddClaim(claimVolumes[ClaimScope.Session].Volume, sessionClaim, readOnly: null);
        AddClaim(claimVolumes[ClaimScope.Group].Volume, groupClaim, readOnly: null);
        AddClaim(claimVolumes[ClaimScope.Shared].Volume, KubernetesRenderer.SharedClaimName, readOnly: true);
        InitMounts.Add(new V1VolumeMount { MountPath = claimVolumes[ClaimScope.Session].InitPath, Name = claimVolumes[ClaimScope.Session].Volume });
        InitMounts.Add(new V1VolumeMount { MountPath = claimVolumes[ClaimScope.Group].InitPath, Name = claimVolumes[ClaimScope.Group].Volume });

        foreach (var mount in plan.Mounts.HostManaged)
        {
            if (mount.IsTmpfs)
            {
                AddExtra(mount);
                continue;
            }

            if (HostManagedMounts.IsFileSource(mount))
            {
                var name = Name(mount.Name, mount.Name);
                Volumes.Add(new V1Volume { Name = name, ConfigMap = new V1ConfigMapVolumeSource { Name = configMap, DefaultMode = 0b100_100_100 } });
                Mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly, SubPath = mount.Name });
                continue;
            }

            var subPath = RelativeSource(mount, plan, session);
            var (volume, initPath) = claimVolumes[Scope(mount)];
            Mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = volume, ReadOnlyProperty = mount.ReadOnly, SubPath = subPath });
            if (initPath is not null)
            {
                InitFolders.Add(initPath + "/" + subPath);
            }
        }

        var claude = plan.Mounts.HostManaged.First(m => m.ContainerPath == HostManagedMounts.Named(".claude")!.ContainerPath);
        InitEnv.Add(new V1EnvVar { Name = "AGENTSPEC_SETTINGS_FILE", Value = $"{InitClaimRoot}/group/{RelativeSource(claude, plan, session)}/settings.json" });
        InitEnv.Add(new V1EnvVar { Name = "AGENTSPEC_SETTINGS", Value = GroupInit.DefaultClaudeSettings });
    }

    /// <summary>The host-managed mounts from the host's data root (hostPath volumes, on the node that is the AgentSpec host).</summary>
    public void AddHostPaths(GroupPlan plan, RenderOptions options)
    {
        foreach (var mount in plan.Mounts.HostManaged)
        {
            if (mount.IsTmpfs)
            {
                AddExtra(mount);
                continue;
            }

            var name = Name(mount.Name, mount.Name);
            var path = HostManagedMounts.Resolve(mount.HostSource, options.DataRoot, plan.Id, plan.Folder, options.Session);
            // Directory/File: the kubelet refuses a missing source instead of creating it root-owned (as DirectoryOrCreate would).
            var type = HostManagedMounts.IsFileSource(mount) ? "File" : "Directory";
            Volumes.Add(new V1Volume { Name = name, HostPath = new V1HostPathVolumeSource { Path = path, Type = type } });
            Mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly });
        }
    }

    /// <summary>
    /// The operator mounts, each where the mounts map puts it (a claim or a node folder); with claims, a mount the map does
    /// not place goes to <paramref name="unmapped"/> (never dropped), and one placed on a node folder gets a note.
    /// </summary>
    public void AddOperator(GroupPlan plan, RenderOptions options, List<string> unmapped, List<string> notes)
    {
        foreach (var mount in plan.Mounts.Operator)
        {
            var name = Name("op-" + mount.Name, $"operator mount '{mount.Name}'");
            var target = options.Map.Find(plan.Id, mount.Name);
            if (target is null && options.Volumes == VolumeMode.Claims)
            {
                unmapped.Add($"group '{plan.Id}' mount '{mount.Name}' ({mount.HostSource} at {mount.ContainerPath}, {mount.Mode}): " +
                    $"add it under groups: {plan.Id}: {mount.Name}: with claim: <PersistentVolumeClaim> (or hostPath: <node folder>)");
                continue;
            }

            if (target is { IsClaim: true })
            {
                AddClaim(name, target.Claim!, mount.ReadOnly ? true : null);
                Mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly, SubPath = target.SubPath });
            }
            else
            {
                var path = target?.HostPath ?? HostPaths.ExpandHome(mount.HostSource, options.Home);
                if (options.Volumes == VolumeMode.Claims)
                {
                    notes.Add($"group '{plan.Id}' mount '{mount.Name}' is mapped to the node folder {path}: " +
                        "Pod Security \"restricted\" does not admit that Pod; map it to a claim to keep it admissible.");
                }

                Volumes.Add(new V1Volume { Name = name, HostPath = new V1HostPathVolumeSource { Path = path, Type = "Directory" } });
                Mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly });
            }

            // The mount point inside the read-only /workspace/extra: made by group-init, as the engine makes it in the tmpfs.
            InitFolders.Add(mount.ContainerPath);
        }
    }

    /// <summary>Scratch space of the read-only root file system, memory-backed and bounded as the runtime's tmpfs (DiskBounds).</summary>
    public void AddScratch(string path, string name, long bytes)
    {
        var volume = Name(name, "scratch " + path);
        Volumes.Add(new V1Volume { Name = volume, EmptyDir = Memory(bytes) });
        Mounts.Add(new V1VolumeMount { MountPath = path, Name = volume });
    }

    /// <summary>The init container's mount of the volume behind /workspace/extra, where it makes the operator mount points.</summary>
    public void MountExtraInInit()
    {
        var extra = Volumes.First(v => v.EmptyDir is not null).Name;
        InitMounts.Add(new V1VolumeMount { MountPath = HostManagedMounts.OperatorMountRoot, Name = extra });
    }

    /// <summary>A host-managed tmpfs (/workspace/extra): an emptyDir as small as the runtime's tmpfs.</summary>
    private void AddExtra(Mount mount)
    {
        var name = Name(mount.Name, mount.Name);
        Volumes.Add(new V1Volume { Name = name, EmptyDir = Memory(ContainerLayout.TmpfsSizeBytes) });
        Mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly });
    }

    private void AddClaim(string volume, string claim, bool? readOnly) =>
        Volumes.Add(new V1Volume
        {
            Name = volume,
            PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = claim, ReadOnlyProperty = readOnly },
        });

    private string Name(string name, string owner) => _names.Claim("volume", KubernetesNames.Name(name), owner);

    private static V1EmptyDirVolumeSource Memory(long bytes) =>
        new() { Medium = "Memory", SizeLimit = new ResourceQuantity(KubernetesRenderer.Quantity(bytes)) };

    /// <summary>Which claim holds a host-managed source: by the tokens of its template, so the runtime's table decides.</summary>
    private static ClaimScope Scope(Mount mount) =>
        mount.HostSource.Contains(HostManagedMounts.SessionToken, StringComparison.Ordinal) ? ClaimScope.Session
        : mount.HostSource.Contains(HostManagedMounts.IdToken, StringComparison.Ordinal)
            || mount.HostSource.Contains(HostManagedMounts.FolderToken, StringComparison.Ordinal) ? ClaimScope.Group
        : ClaimScope.Shared;

    /// <summary>A host-managed source's path relative to the data root: the same layout inside the claims as on the host.</summary>
    private static string RelativeSource(Mount mount, GroupPlan plan, string session) =>
        HostManagedMounts.Resolve(mount.HostSource, string.Empty, plan.Id, plan.Folder, session).TrimStart('/');

    private enum ClaimScope
    {
        Session,
        Group,
        Shared,
    }
}
