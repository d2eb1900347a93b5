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
            objects.Add(new RenderedObject(WorkloadObjects.SharedClaim(options, names), null));
        }

        if (plans.Any(p => p.Network == NetworkMode.Proxy))
        {
            var port = options.ProxyPort ?? throw new RuntimeError(
                $"group{(plans.Count(p => p.Network == NetworkMode.Proxy) == 1 ? string.Empty : "s")} {string.Join(", ", plans.Where(p => p.Network == NetworkMode.Proxy).Select(p => $"'{p.Id}'"))} " +
                $"ha{(plans.Count(p => p.Network == NetworkMode.Proxy) == 1 ? "s" : "ve")} network: proxy, so the rendering needs the proxy's port from egress-proxy.json (as the runtime reads it); " +
                $"write it, e.g.:{System.Environment.NewLine}{EgressProxyConfig.Example}");
            objects.Add(new RenderedObject(WorkloadObjects.ProxyService(options, port, names), null));
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
        KubernetesNames.LabelValue(plan.Id, $"the group id of '{plan.Id}'");
        var workload = names.Claim(
            options.Command is null ? V1Pod.KubeKind : V1Job.KubeKind,
            KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, options.Session),
            $"group '{plan.Id}' session '{options.Session}'");
        var user = RunAs(plan, options);
        var volumes = new PodVolumes();
        var before = new List<RenderedObject>();
        if (options.Volumes == VolumeMode.Claims)
        {
            before.AddRange(AddClaims(plan, options, names, workload, volumes));
        }
        else
        {
            volumes.AddHostPaths(plan, options);
        }

        volumes.AddOperator(plan, options, unmapped, notes);
        volumes.AddScratch(DiskBounds.TmpPath, "tmp", plan.Limits.TmpBytes);
        volumes.AddScratch(DiskBounds.HomePath, "home", plan.Limits.HomeBytes);

        before.Add(new RenderedObject(GroupNetworkPolicy.Create(plan, options, names), workload));
        if (plan.Network == NetworkMode.Gateway)
        {
            before.AddRange(GatewayWorkload.Render(plan, options, names, workload));
        }

        var podSpec = PodSpec(plan, options, user, volumes);
        var metadata = new V1ObjectMeta
        {
            Name = workload,
            Labels = KubernetesLabels.OfSession(plan, options),
            Annotations = WorkloadAnnotations(plan, options),
        };

        return before.Append(new RenderedObject(options.Command is null ? WorkloadObjects.Pod(metadata, podSpec) : WorkloadObjects.Job(metadata, podSpec), workload));
    }

    /// <summary>The container user, refused when root; with hostPath volumes the owner group-init gave the host folders.</summary>
    private static ContainerUser RunAs(GroupPlan plan, RenderOptions options)
    {
        var user = options.Volumes == VolumeMode.HostPath
            ? ContainerSecurity.ResolveUser(plan) // the owner group-init gave the host folders
            : plan.User ?? ContainerUser.Node;    // a cluster has no invoking user: the image's node user
        ContainerSecurity.EnsureNotRoot(plan.Id, user, plan.User is null ? "the default" : "groups.yaml");
        if (plan.Limits.Problem is { } limits)
        {
            throw new RuntimeError($"group '{plan.Id}': {limits}; every container runs with limits inside the ranges of docs/groups-yaml.md");
        }

        return user;
    }

    /// <summary>--volumes claims: the group's claims and its container.json ConfigMap, which the volumes then mount.</summary>
    private static List<RenderedObject> AddClaims(GroupPlan plan, RenderOptions options, NameRegistry names, string workload, PodVolumes volumes)
    {
        var groupClaim = names.Claim(
            V1PersistentVolumeClaim.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, "data"), $"group '{plan.Id}' data");
        var sessionClaim = names.Claim(
            V1PersistentVolumeClaim.KubeKind,
            KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, options.Session, "workspace"),
            $"group '{plan.Id}' session '{options.Session}'");
        var configMap = names.Claim(
            V1ConfigMap.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, "container-json"), $"group '{plan.Id}' container.json");
        volumes.AddClaims(plan, options.Session, sessionClaim, groupClaim, configMap);
        return new List<RenderedObject>
        {
            new(WorkloadObjects.ContainerJsonMap(plan, configMap, options), workload),
            new(WorkloadObjects.Claim(groupClaim, KubernetesLabels.OfGroup(plan, options), "group data: groups/<folder>, skill-data, .claude-shared"), workload),
            new(WorkloadObjects.Claim(sessionClaim, KubernetesLabels.OfSession(plan, options), "the session folder, /workspace"), workload),
        };
    }

    /// <summary>The agent container, the group-init container when there are folders to create, and the Pod's hardening.</summary>
    private static V1PodSpec PodSpec(GroupPlan plan, RenderOptions options, ContainerUser user, PodVolumes volumes)
    {
        var container = new V1Container
        {
            Name = AgentContainer,
            Image = plan.Image,
            ImagePullPolicy = "IfNotPresent",
            Args = options.Command?.ToList(),
            Env = ContainerEnvironment(plan, options.Session),
            WorkingDir = ContainerLayout.WorkingDirectory,
            VolumeMounts = volumes.Mounts,
            SecurityContext = ContainerSecurityContext(user),
            Resources = Resources(plan),
        };

        return new V1PodSpec
        {
            Containers = new List<V1Container> { container },
            InitContainers = volumes.InitFolders.Count == 0 ? null : new List<V1Container> { InitContainerOf(plan, user, volumes) },
            Volumes = volumes.Volumes,
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
    }

    /// <summary>group-init: the mount points below /workspace/extra; the claim folders when the volumes are claims.</summary>
    private static V1Container InitContainerOf(GroupPlan plan, ContainerUser user, PodVolumes volumes)
    {
        volumes.MountExtraInInit();
        return new V1Container
        {
            Name = InitContainer,
            Image = plan.Image,
            ImagePullPolicy = "IfNotPresent",
            Command = new List<string> { "sh", "-c", InitScript, "group-init" }.Concat(volumes.InitFolders).ToList(),
            Env = volumes.InitEnv.Count == 0 ? null : volumes.InitEnv,
            VolumeMounts = volumes.InitMounts,
            SecurityContext = ContainerSecurityContext(user),
            Resources = Resources(plan),
        };
    }

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

    /// <summary>Bytes as a Kubernetes quantity, in the largest binary unit that divides them (the plan's own rule): 2147483648 → "2Gi".</summary>
    public static string Quantity(long bytes)
    {
        var text = ResourceLimits.FormatMemory(bytes); // "2g", "384m", "4k" or plain bytes
        return char.IsDigit(text[^1]) ? text : text[..^1] + char.ToUpperInvariant(text[^1]) + "i";
    }
}
