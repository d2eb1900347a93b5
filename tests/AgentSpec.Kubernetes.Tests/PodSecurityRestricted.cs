using k8s.Models;

namespace AgentSpec.Kubernetes.Tests;

/// <summary>
/// The Pod Security Standards' "restricted" profile (which includes "baseline"), written from the Kubernetes
/// documentation's list of controls (concepts/security/pod-security-standards), checked on a Pod spec: every control
/// that the spec violates comes back as one line, empty when the Pod would be admitted by a namespace labelled
/// pod-security.kubernetes.io/enforce=restricted.
/// </summary>
public static class PodSecurityRestricted
{
    /// <summary>Restricted "Volume Types": only these volume sources.</summary>
    private static readonly string[] AllowedVolumes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    /// <summary>Baseline "Sysctls": the safe set.</summary>
    private static readonly string[] SafeSysctls =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes",
    ];

    /// <summary>Baseline "SELinux": allowed types.</summary>
    private static readonly string[] SeLinuxTypes = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

    public static IReadOnlyList<string> Violations(V1PodSpec spec)
    {
        var problems = new List<string>();
        var pod = spec.SecurityContext;

        // Baseline: host namespaces, HostProcess, sysctls, SELinux, AppArmor, seccomp at pod level.
        if (spec.HostNetwork == true || spec.HostPID == true || spec.HostIPC == true)
        {
            problems.Add("host namespaces: hostNetwork, hostPID and hostIPC must be unset or false");
        }

        if (pod?.WindowsOptions?.HostProcess == true)
        {
            problems.Add("HostProcess: spec.securityContext.windowsOptions.hostProcess must be unset or false");
        }

        foreach (var sysctl in pod?.Sysctls ?? [])
        {
            if (!SafeSysctls.Contains(sysctl.Name))
            {
                problems.Add($"sysctls: '{sysctl.Name}' is not in the safe set");
            }
        }

        CheckSeLinux(pod?.SeLinuxOptions, "spec.securityContext", problems);
        CheckAppArmor(pod?.AppArmorProfile, "spec.securityContext", problems);
        if (pod?.SeccompProfile?.Type is { } podSeccomp && podSeccomp is not ("RuntimeDefault" or "Localhost"))
        {
            problems.Add($"seccomp: spec.securityContext.seccompProfile.type is '{podSeccomp}'; only RuntimeDefault or Localhost");
        }

        if (pod?.RunAsUser == 0)
        {
            problems.Add("running as non-root user: spec.securityContext.runAsUser is 0");
        }

        // Restricted: volume types (and baseline: no hostPath).
        foreach (var volume in spec.Volumes ?? [])
        {
            var kind = VolumeKind(volume);
            if (!AllowedVolumes.Contains(kind))
            {
                problems.Add($"volume types: volume '{volume.Name}' is {kind}; only {string.Join(", ", AllowedVolumes)}");
            }
        }

        var containers = (spec.InitContainers ?? []).Select(c => (c.Name, c.SecurityContext, c.Ports))
            .Concat(spec.Containers.Select(c => (c.Name, c.SecurityContext, c.Ports)))
            .Concat((spec.EphemeralContainers ?? []).Select(c => (c.Name, c.SecurityContext, c.Ports)));
        foreach (var (name, context, ports) in containers)
        {
            var where = $"container '{name}'";
            if (context?.Privileged == true)
            {
                problems.Add($"privileged containers: {where} is privileged");
            }

            if (context?.WindowsOptions?.HostProcess == true)
            {
                problems.Add($"HostProcess: {where}");
            }

            if ((ports ?? []).Any(p => p.HostPort is { } hostPort && hostPort != 0))
            {
                problems.Add($"host ports: {where} sets hostPort");
            }

            if (context?.ProcMount is { } procMount && procMount != "Default")
            {
                problems.Add($"/proc mount type: {where} has procMount {procMount}");
            }

            CheckSeLinux(context?.SeLinuxOptions, where, problems);
            CheckAppArmor(context?.AppArmorProfile, where, problems);

            if (context?.AllowPrivilegeEscalation != false)
            {
                problems.Add($"privilege escalation: {where} must set allowPrivilegeEscalation: false");
            }

            if (context?.RunAsNonRoot == false || (context?.RunAsNonRoot is null && pod?.RunAsNonRoot != true))
            {
                problems.Add($"running as non-root: {where} needs runAsNonRoot: true (on the container or the Pod), never false");
            }

            if (context?.RunAsUser == 0)
            {
                problems.Add($"running as non-root user: {where} has runAsUser 0");
            }

            var seccomp = context?.SeccompProfile?.Type ?? pod?.SeccompProfile?.Type;
            if (seccomp is not ("RuntimeDefault" or "Localhost"))
            {
                problems.Add($"seccomp: {where} needs seccompProfile RuntimeDefault or Localhost (on the container or the Pod), has {seccomp ?? "none"}");
            }

            var capabilities = context?.Capabilities;
            if (capabilities?.Drop is null || !capabilities.Drop.Contains("ALL"))
            {
                problems.Add($"capabilities: {where} must drop ALL");
            }

            foreach (var added in capabilities?.Add ?? [])
            {
                if (added != "NET_BIND_SERVICE")
                {
                    problems.Add($"capabilities: {where} adds {added}; only NET_BIND_SERVICE may be added");
                }
            }
        }

        return problems;
    }

    private static void CheckSeLinux(V1SELinuxOptions? options, string where, List<string> problems)
    {
        if (options is null)
        {
            return;
        }

        if (!SeLinuxTypes.Contains(options.Type ?? string.Empty) || !string.IsNullOrEmpty(options.User) || !string.IsNullOrEmpty(options.Role))
        {
            problems.Add($"SELinux: {where} sets a custom type, user or role");
        }
    }

    private static void CheckAppArmor(V1AppArmorProfile? profile, string where, List<string> problems)
    {
        if (profile?.Type is { } type && type is not ("RuntimeDefault" or "Localhost"))
        {
            problems.Add($"AppArmor: {where} has profile type {type}");
        }
    }

    private static string VolumeKind(V1Volume volume) =>
        volume.ConfigMap is not null ? "configMap"
        : volume.Csi is not null ? "csi"
        : volume.DownwardAPI is not null ? "downwardAPI"
        : volume.EmptyDir is not null ? "emptyDir"
        : volume.Ephemeral is not null ? "ephemeral"
        : volume.PersistentVolumeClaim is not null ? "persistentVolumeClaim"
        : volume.Projected is not null ? "projected"
        : volume.Secret is not null ? "secret"
        : volume.HostPath is not null ? "hostPath"
        : "another type";
}
