// Over 300 lines on purpose: RenderGroup builds one Pod in one method; splitting it by object kind is open work (issue 21).
using System.Globalization;
using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>
/// Compiled plans → Kubernetes objects, with the official models. Every field comes from the plan (mounts, read-only
/// flags, user, limits, network, environment, image) or from the runtime's own rules (data-root layout, labels,
/// container.json, the security every container gets); nothing here decides access on its own.
/// </summary>
internal static class KubernetesRenderer
{
    public const string AgentContainer = "agent";
    public const string InitContainer = "group-init";
    public const string SharedClaimName = KubernetesNames.Prefix + "-shared";
    public const string ProxyServiceName = KubernetesNames.Prefix + "-egress-proxy";

    /// <summary>Size requested for each claim the renderer creates (a cluster default; patch it to taste, nothing in the plan sizes data).</summary>
    public const string ClaimSize = "1Gi";

    /// <summary>Where the init container sees the claims whole, to create the data-root layout's folders in them.</summary>
    private const string InitClaimRoot = "/agentspec-init";

    /// <summary>
    /// The group-init step inside the Pod: creates the folders the mounts need (the data-root layout in fresh claims, the
    /// operator mount points inside the read-only /workspace/extra) and, on a claim, the default Claude settings the
    /// runtime's group-init writes. Folders come as arguments and the file through variables: nothing is parsed by the shell.
    /// </summary>
    private const string InitScript =
        "set -eu; umask 077; mkdir -p \"$@\"; " +
        "if [ -n \"${AGENTSPEC_SETTINGS_FILE:-}\" ] && [ ! -e \"$AGENTSPEC_SETTINGS_FILE\" ]; then printf '%s' \"$AGENTSPEC_SETTINGS\" > \"$AGENTSPEC_SETTINGS_FILE\"; fi";

    /// <summary>
    /// Annotation values stay within 63 characters: podman 4.3's kube play refuses longer ones (Kubernetes itself allows
    /// far more), and it is the local consumer the tests play renderings with.
    /// </summary>
    public const int MaxAnnotationLength = 63;

    private const string HostPathNote = "hostPath volumes: not admitted by Pod Security restricted";

    /// <summary>Renders one workload per plan (for <see cref="RenderOptions.Session"/>) with what it needs. Throws <see cref="RuntimeError"/> with every refusal's fix.</summary>
    public static Rendering Render(IReadOnlyList<GroupPlan> plans, RenderOptions options)
    {
        SessionGuard.Ensure(options.Session, plans.FirstOrDefault()?.Id ?? "(none)");
        KubernetesNames.LabelValue(options.Session, "the session name");
        var names = new NameRegistry();
        var objects = new List<RenderedObject>();
        var notes = new List<string>();
        var unmapped = new List<string>();

        if (options.Volumes == VolumeMode.HostPath)
        {
            notes.Add("hostPath volumes: for a single node that is the AgentSpec host (run `agentspec init` and `agentspec doctor` there first). " +
                "Pod Security \"restricted\" (and \"baseline\") do not admit hostPath volumes; use --volumes claims for a cluster.");
        }
        else
        {
            objects.Add(new RenderedObject(SharedClaim(options, names), null));
        }

        if (plans.Any(p => p.Network == NetworkMode.Proxy))
        {
            var port = options.ProxyPort ?? throw new RuntimeError(
                $"group{(plans.Count(p => p.Network == NetworkMode.Proxy) == 1 ? string.Empty : "s")} {string.Join(", ", plans.Where(p => p.Network == NetworkMode.Proxy).Select(p => $"'{p.Id}'"))} " +
                $"ha{(plans.Count(p => p.Network == NetworkMode.Proxy) == 1 ? "s" : "ve")} network: proxy, so the rendering needs the proxy's port from egress-proxy.json (as the runtime reads it); " +
                $"write it, e.g.:{System.Environment.NewLine}{EgressProxyConfig.Example}");
            objects.Add(new RenderedObject(ProxyService(options, port, names), null));
            notes.Add($"network: proxy: label your egress proxy Pods {KubernetesLabels.EgressProxy}={KubernetesLabels.EgressProxyValue} (same namespace, listening on port {port}); " +
                $"Service {ProxyServiceName} selects them and the groups' NetworkPolicy lets them reach only those Pods on that port.");
        }

        foreach (var plan in plans)
        {
            objects.AddRange(RenderGroup(plan, options, names, unmapped, notes));
        }

        if (unmapped.Count > 0)
        {
            throw new RuntimeError(
                $"--volumes claims: {unmapped.Count} operator mount{(unmapped.Count == 1 ? " has" : "s have")} no place on the cluster, and a mount is never dropped:{System.Environment.NewLine}" +
                string.Join(System.Environment.NewLine, unmapped.Select(u => "  - " + u)) + System.Environment.NewLine +
                $"Map each to a PersistentVolumeClaim (or a node folder) in a file given with --mounts-map, e.g.:{System.Environment.NewLine}{MountsMap.Example}");
        }

        return new Rendering(objects, notes);
    }

    private static IEnumerable<RenderedObject> RenderGroup(GroupPlan plan, RenderOptions options, NameRegistry names, List<string> unmapped, List<string> notes)
    {
        var group = KubernetesNames.LabelValue(plan.Id, $"the group id of '{plan.Id}'");
        var workload = names.Claim(options.Command is null ? V1Pod.KubeKind : V1Job.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, options.Session), $"group '{plan.Id}' session '{options.Session}'");
        var user = options.Volumes == VolumeMode.HostPath
            ? ContainerSecurity.ResolveUser(plan) // the owner group-init gave the host folders
            : plan.User ?? ContainerUser.Node;    // a cluster has no invoking user: the image's node user
        ContainerSecurity.EnsureNotRoot(plan.Id, user, plan.User is null ? "the default" : "groups.yaml");
        if (plan.Limits.Problem is { } limits)
        {
            throw new RuntimeError($"group '{plan.Id}': {limits}; every container runs with limits inside the ranges of docs/groups-yaml.md");
        }

        var volumes = new List<V1Volume>();
        var mounts = new List<V1VolumeMount>();
        var initFolders = new List<string>();
        var initMounts = new List<V1VolumeMount>();
        var initEnv = new List<V1EnvVar>();
        var before = new List<RenderedObject>();
        var volumeNames = new NameRegistry();
        string VolumeName(string name, string owner) => volumeNames.Claim("volume", KubernetesNames.Name(name), owner);

        if (options.Volumes == VolumeMode.Claims)
        {
            var groupClaim = names.Claim(V1PersistentVolumeClaim.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, "data"), $"group '{plan.Id}' data");
            var sessionClaim = names.Claim(V1PersistentVolumeClaim.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, options.Session, "workspace"), $"group '{plan.Id}' session '{options.Session}'");
            var configMap = names.Claim(V1ConfigMap.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, "container-json"), $"group '{plan.Id}' container.json");
            before.Add(new RenderedObject(ContainerJsonMap(plan, configMap, options), workload));
            before.Add(new RenderedObject(Claim(groupClaim, GroupLabels(plan, options), "group data: groups/<folder>, skill-data, .claude-shared"), workload));
            before.Add(new RenderedObject(Claim(sessionClaim, SessionLabels(plan, options), "the session folder, /workspace"), workload));

            var claimVolumes = new Dictionary<ClaimScope, (string Volume, string? InitPath)>
            {
                [ClaimScope.Session] = (VolumeName("session", "session"), InitClaimRoot + "/session"),
                [ClaimScope.Group] = (VolumeName("group-data", "group data"), InitClaimRoot + "/group"),
                [ClaimScope.Shared] = (VolumeName("shared", "shared sources"), null),
            };
            volumes.Add(new V1Volume { Name = claimVolumes[ClaimScope.Session].Volume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = sessionClaim } });
            volumes.Add(new V1Volume { Name = claimVolumes[ClaimScope.Group].Volume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = groupClaim } });
            volumes.Add(new V1Volume { Name = claimVolumes[ClaimScope.Shared].Volume, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = SharedClaimName, ReadOnlyProperty = true } });
            initMounts.Add(new V1VolumeMount { MountPath = claimVolumes[ClaimScope.Session].InitPath, Name = claimVolumes[ClaimScope.Session].Volume });
            initMounts.Add(new V1VolumeMount { MountPath = claimVolumes[ClaimScope.Group].InitPath, Name = claimVolumes[ClaimScope.Group].Volume });

            foreach (var mount in plan.Mounts.HostManaged)
            {
                if (mount.IsTmpfs)
                {
                    AddExtra(mount);
                    continue;
                }

                if (HostManagedMounts.IsFileSource(mount))
                {
                    var name = VolumeName(mount.Name, mount.Name);
                    volumes.Add(new V1Volume { Name = name, ConfigMap = new V1ConfigMapVolumeSource { Name = configMap, DefaultMode = 0b100_100_100 } });
                    mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly, SubPath = mount.Name });
                    continue;
                }

                var scope = Scope(mount);
                var subPath = RelativeSource(mount, plan, options.Session);
                var (volume, initPath) = claimVolumes[scope];
                mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = volume, ReadOnlyProperty = mount.ReadOnly, SubPath = subPath });
                if (initPath is not null)
                {
                    initFolders.Add(initPath + "/" + subPath);
                }
            }

            var claude = plan.Mounts.HostManaged.First(m => m.ContainerPath == HostManagedMounts.Named(".claude")!.ContainerPath);
            initEnv.Add(new V1EnvVar { Name = "AGENTSPEC_SETTINGS_FILE", Value = $"{InitClaimRoot}/group/{RelativeSource(claude, plan, options.Session)}/settings.json" });
            initEnv.Add(new V1EnvVar { Name = "AGENTSPEC_SETTINGS", Value = GroupInit.DefaultClaudeSettings });
        }
        else
        {
            foreach (var mount in plan.Mounts.HostManaged)
            {
                if (mount.IsTmpfs)
                {
                    AddExtra(mount);
                    continue;
                }

                var name = VolumeName(mount.Name, mount.Name);
                var path = HostManagedMounts.Resolve(mount.HostSource, options.DataRoot, plan.Id, plan.Folder, options.Session);
                // Directory/File: the kubelet refuses a missing source instead of creating it root-owned (as DirectoryOrCreate would).
                volumes.Add(new V1Volume { Name = name, HostPath = new V1HostPathVolumeSource { Path = path, Type = HostManagedMounts.IsFileSource(mount) ? "File" : "Directory" } });
                mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly });
            }
        }

        foreach (var mount in plan.Mounts.Operator)
        {
            var name = VolumeName("op-" + mount.Name, $"operator mount '{mount.Name}'");
            var target = options.Map.Find(plan.Id, mount.Name);
            if (target is null && options.Volumes == VolumeMode.Claims)
            {
                unmapped.Add($"group '{plan.Id}' mount '{mount.Name}' ({mount.HostSource} at {mount.ContainerPath}, {mount.Mode}): add it under groups: {plan.Id}: {mount.Name}: with claim: <PersistentVolumeClaim> (or hostPath: <node folder>)");
                continue;
            }

            if (target is { IsClaim: true })
            {
                volumes.Add(new V1Volume { Name = name, PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = target.Claim, ReadOnlyProperty = mount.ReadOnly ? true : null } });
                mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly, SubPath = target.SubPath });
            }
            else
            {
                var path = target?.HostPath ?? HostPaths.ExpandHome(mount.HostSource, options.Home);
                if (options.Volumes == VolumeMode.Claims)
                {
                    notes.Add($"group '{plan.Id}' mount '{mount.Name}' is mapped to the node folder {path}: Pod Security \"restricted\" does not admit that Pod; map it to a claim to keep it admissible.");
                }

                volumes.Add(new V1Volume { Name = name, HostPath = new V1HostPathVolumeSource { Path = path, Type = "Directory" } });
                mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly });
            }

            // The mount point inside the read-only /workspace/extra: made by group-init, as the engine makes it in the tmpfs.
            initFolders.Add(mount.ContainerPath);
        }

        AddScratch(DiskBounds.TmpPath, "tmp", plan.Limits.TmpBytes);
        AddScratch(DiskBounds.HomePath, "home", plan.Limits.HomeBytes);

        before.Add(new RenderedObject(Policy(plan, options, names), workload));
        if (plan.Network == NetworkMode.Gateway)
        {
            before.AddRange(GatewayWorkload.Render(plan, options, names, workload));
        }

        var security = ContainerSecurityContext(user);
        var container = new V1Container
        {
            Name = AgentContainer,
            Image = plan.Image,
            ImagePullPolicy = "IfNotPresent",
            Args = options.Command?.ToList(),
            Env = ContainerEnvironment(plan, options.Session),
            WorkingDir = DockerLauncher.WorkingDirectory,
            VolumeMounts = mounts,
            SecurityContext = security,
            Resources = Resources(plan),
        };
        var init = initFolders.Count == 0 ? null : new V1Container
        {
            Name = InitContainer,
            Image = plan.Image,
            ImagePullPolicy = "IfNotPresent",
            Command = new List<string> { "sh", "-c", InitScript, "group-init" }.Concat(initFolders).ToList(),
            Env = initEnv.Count == 0 ? null : initEnv,
            VolumeMounts = initMounts,
            SecurityContext = ContainerSecurityContext(user),
            Resources = Resources(plan),
        };

        var podSpec = new V1PodSpec
        {
            Containers = new List<V1Container> { container },
            InitContainers = init is null ? null : new List<V1Container> { init },
            Volumes = volumes,
            RestartPolicy = "Never",
            AutomountServiceAccountToken = false,
            HostNetwork = false,
            HostPID = false,
            HostIPC = false,
            // Service links are how proxy and gateway mode find the proxy's address (no DNS, which the agent may not reach); nothing else gets them.
            EnableServiceLinks = plan.Network is NetworkMode.Proxy or NetworkMode.Gateway,
            SecurityContext = new V1PodSecurityContext
            {
                RunAsNonRoot = true,
                RunAsUser = user.Uid,
                RunAsGroup = user.Gid,
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                // Fresh claims belong to root: the kubelet gives them the container user's group, as group-init hands over host folders.
                FsGroup = options.Volumes == VolumeMode.Claims ? user.Gid : null,
                FsGroupChangePolicy = options.Volumes == VolumeMode.Claims ? "OnRootMismatch" : null,
            },
        };

        // init: the mount points below /workspace/extra; the claim folders when the volumes are claims.
        if (init is not null)
        {
            var extra = volumes.First(v => v.EmptyDir is not null).Name;
            init.VolumeMounts.Add(new V1VolumeMount { MountPath = HostManagedMounts.OperatorMountRoot, Name = extra });
        }

        var metadata = new V1ObjectMeta
        {
            Name = workload,
            Labels = SessionLabels(plan, options),
            Annotations = WorkloadAnnotations(plan, options),
        };

        foreach (var item in before)
        {
            yield return item;
        }

        yield return new RenderedObject(options.Command is null ? Pod(metadata, podSpec) : Job(metadata, podSpec), workload);

        // Scratch space of the read-only root file system, memory-backed and bounded as the runtime's tmpfs (DiskBounds).
        void AddScratch(string path, string name, long bytes)
        {
            var volume = VolumeName(name, "scratch " + path);
            volumes.Add(new V1Volume { Name = volume, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(Quantity(bytes)) } });
            mounts.Add(new V1VolumeMount { MountPath = path, Name = volume });
        }

        void AddExtra(Mount mount)
        {
            var name = VolumeName(mount.Name, mount.Name);
            volumes.Add(new V1Volume { Name = name, EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity(Quantity(DockerLauncher.TmpfsSizeBytes)) } });
            mounts.Add(new V1VolumeMount { MountPath = mount.ContainerPath, Name = name, ReadOnlyProperty = mount.ReadOnly });
        }
    }

    /// <summary>Which claim holds a host-managed source: by the tokens of its template, so the runtime's table decides.</summary>
    private static ClaimScope Scope(Mount mount) =>
        mount.HostSource.Contains(HostManagedMounts.SessionToken, StringComparison.Ordinal) ? ClaimScope.Session
        : mount.HostSource.Contains(HostManagedMounts.IdToken, StringComparison.Ordinal) || mount.HostSource.Contains(HostManagedMounts.FolderToken, StringComparison.Ordinal) ? ClaimScope.Group
        : ClaimScope.Shared;

    /// <summary>A host-managed source's path relative to the data root: the same layout inside the claims as on the host.</summary>
    private static string RelativeSource(Mount mount, GroupPlan plan, string session) =>
        HostManagedMounts.Resolve(mount.HostSource, string.Empty, plan.Id, plan.Folder, session).TrimStart('/');

    private static V1SecurityContext ContainerSecurityContext(ContainerUser user) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = user.Uid,
        RunAsGroup = user.Gid,
        AllowPrivilegeEscalation = false,
        Privileged = false,
        Capabilities = new V1Capabilities { Drop = ContainerSecurity.CapDrop.ToList() },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
        // Nothing lands in the image layer; scratch space is the bounded emptyDirs of AddScratch.
        ReadOnlyRootFilesystem = true,
    };

    private static V1ResourceRequirements Resources(GroupPlan plan) => new()
    {
        // Memory is the plan's; the pids limit has no Pod field (see the pids annotation and docs/kubernetes.md).
        // ephemeral-storage: the log bound (the root file system is read-only and scratch is memory-backed, so the
        // container's logs are what remains on the node's disk); past it the kubelet evicts the Pod.
        Limits = new Dictionary<string, ResourceQuantity>
        {
            ["memory"] = new(Quantity(plan.Limits.MemoryBytes)),
            ["ephemeral-storage"] = new(Quantity(plan.Limits.LogBytes)),
        },
    };

    /// <summary>The plan's environment; in proxy mode the proxy variables point at the proxy Service (from its service links), as the runtime points them at its proxy.</summary>
    private static List<V1EnvVar> ContainerEnvironment(GroupPlan plan, string session)
    {
        var prefix = ProxyServiceName.ToUpperInvariant().Replace('-', '_');
        var url = plan.Network switch
        {
            NetworkMode.Proxy => $"http://$({prefix}_SERVICE_HOST):$({prefix}_SERVICE_PORT)",
            NetworkMode.Gateway => GatewayWorkload.ProxyUrl(plan, session),
            _ => null,
        };
        return ProxyEnvironment.Build(plan.Environment, url, (name, value) => new V1EnvVar { Name = name, Value = value });
    }

    private static Dictionary<string, string> WorkloadAnnotations(GroupPlan plan, RenderOptions options)
    {
        var annotations = new Dictionary<string, string>
        {
            [KubernetesLabels.VolumeMode] = options.Volumes.Name(),
            [KubernetesLabels.PidsLimit] = plan.Limits.Pids.ToString(CultureInfo.InvariantCulture),
        };
        if (options.Volumes == VolumeMode.HostPath)
        {
            annotations[KubernetesLabels.PodSecurityNote] = HostPathNote;
        }

        return annotations;
    }

    private static Dictionary<string, string> InstallLabels(RenderOptions options) => new()
    {
        [KubernetesLabels.Install] = KubernetesNames.LabelValue(options.InstallId, "the install id"),
        [KubernetesLabels.ManagedBy] = KubernetesLabels.ManagedByValue,
    };

    private static Dictionary<string, string> GroupLabels(GroupPlan plan, RenderOptions options) =>
        new(InstallLabels(options)) { [KubernetesLabels.Group] = plan.Id };

    private static Dictionary<string, string> SessionLabels(GroupPlan plan, RenderOptions options) =>
        new(GroupLabels(plan, options)) { [KubernetesLabels.Session] = options.Session };

    private static V1Pod Pod(V1ObjectMeta metadata, V1PodSpec spec) => new() { ApiVersion = V1Pod.KubeApiVersion, Kind = V1Pod.KubeKind, Metadata = metadata, Spec = spec };

    private static V1Job Job(V1ObjectMeta metadata, V1PodSpec spec) => new()
    {
        ApiVersion = ApiVersion(V1Job.KubeGroup, V1Job.KubeApiVersion),
        Kind = V1Job.KubeKind,
        Metadata = metadata,
        Spec = new V1JobSpec
        {
            Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = metadata.Labels, Annotations = metadata.Annotations }, Spec = spec },
            // One attempt, as `agentspec run`: a failed run is reported, not repeated with the same inputs.
            BackoffLimit = 0,
        },
    };

    private static V1PersistentVolumeClaim Claim(string name, Dictionary<string, string> labels, string holds) => new()
    {
        ApiVersion = V1PersistentVolumeClaim.KubeApiVersion,
        Kind = V1PersistentVolumeClaim.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = new Dictionary<string, string> { ["agentspec.io/holds"] = holds } },
        Spec = new V1PersistentVolumeClaimSpec
        {
            AccessModes = new List<string> { "ReadWriteOnce" },
            Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(ClaimSize) } },
        },
    };

    private static V1PersistentVolumeClaim SharedClaim(RenderOptions options, NameRegistry names) =>
        Claim(
            names.Claim(V1PersistentVolumeClaim.KubeKind, SharedClaimName, "the shared sources"),
            InstallLabels(options),
            "shared sources, filled by the operator, read-only in Pods");

    private static V1ConfigMap ContainerJsonMap(GroupPlan plan, string name, RenderOptions options) => new()
    {
        ApiVersion = V1ConfigMap.KubeApiVersion,
        Kind = V1ConfigMap.KubeKind,
        Metadata = new V1ObjectMeta { Name = name, Labels = GroupLabels(plan, options) },
        // One key per host-managed file, named after its mount (CLAUDE.md and the shared CLAUDE.md share a file name).
        Data = plan.Mounts.HostManaged.Where(HostManagedMounts.IsFileSource).ToDictionary(m => m.Name, m => RunnerLayout.FileContent(m, plan)),
    };

    private static V1Service ProxyService(RenderOptions options, int port, NameRegistry names) => new()
    {
        ApiVersion = V1Service.KubeApiVersion,
        Kind = V1Service.KubeKind,
        Metadata = new V1ObjectMeta { Name = names.Claim(V1Service.KubeKind, ProxyServiceName, "the egress proxy"), Labels = InstallLabels(options) },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { [KubernetesLabels.EgressProxy] = KubernetesLabels.EgressProxyValue },
            Ports = new List<V1ServicePort> { new() { Name = "proxy", Protocol = "TCP", Port = port, TargetPort = port } },
        },
    };

    /// <summary>
    /// network: none → no ingress, no egress at all; proxy → no ingress, egress only to the proxy Pods on their port;
    /// gateway (egress declared) → no ingress, egress only to the group session's gateway Pods on the gateway's port.
    /// </summary>
    private static V1NetworkPolicy Policy(GroupPlan plan, RenderOptions options, NameRegistry names)
    {
        var proxy = plan.Network == NetworkMode.Proxy;
        return new V1NetworkPolicy
        {
            ApiVersion = ApiVersion(V1NetworkPolicy.KubeGroup, V1NetworkPolicy.KubeApiVersion),
            Kind = V1NetworkPolicy.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = names.Claim(V1NetworkPolicy.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, "network"), $"group '{plan.Id}' network"),
                Labels = GroupLabels(plan, options),
                Annotations = new Dictionary<string, string> { ["agentspec.io/network"] = plan.Network.Name() },
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string> { [KubernetesLabels.Install] = options.InstallId, [KubernetesLabels.Group] = plan.Id },
                },
                PolicyTypes = new List<string> { "Ingress", "Egress" },
                Ingress = new List<V1NetworkPolicyIngressRule>(),
                Egress = plan.Network == NetworkMode.Gateway ? GatewayWorkload.AgentEgress(plan, options)
                    : proxy
                    ? new List<V1NetworkPolicyEgressRule>
                    {
                        new()
                        {
                            To = new List<V1NetworkPolicyPeer> { new() { PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [KubernetesLabels.EgressProxy] = KubernetesLabels.EgressProxyValue } } } },
                            Ports = new List<V1NetworkPolicyPort> { new() { Protocol = "TCP", Port = options.ProxyPort!.Value } },
                        },
                    }
                    : new List<V1NetworkPolicyEgressRule>(),
            },
        };
    }

    private static string ApiVersion(string group, string version) => string.IsNullOrEmpty(group) ? version : group + "/" + version;

    /// <summary>Bytes as a Kubernetes quantity, in the largest binary unit that divides them (the plan's own rule): 2147483648 → "2Gi".</summary>
    public static string Quantity(long bytes)
    {
        var text = ResourceLimits.FormatMemory(bytes); // "2g", "384m", "4k" or plain bytes
        return char.IsDigit(text[^1]) ? text : text[..^1] + char.ToUpperInvariant(text[^1]) + "i";
    }

    private enum ClaimScope
    {
        Session,
        Group,
        Shared,
    }
}
