using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s.Models;

namespace AgentSpec.Kubernetes.Tests;

/// <summary>The renderer on hand-built plans: mounts exactly as compiled, security, network, names, refusals.</summary>
public class RenderTests
{
    private const string Install = "0123456789ab";

    private static readonly GroupPlan Alpha = Manifests.Plan("alpha", [("code", "/srv/code", false), ("docs/ref", "/srv/ref", true)]);

    private static readonly GroupPlan Beta = Manifests.Plan("beta", [("papers", "~/papers", true)], NetworkMode.Proxy, new ContainerUser(2000, 3000), new ResourceLimits(64, 384L * 1024 * 1024));

    private static readonly MountsMap Map = MountsMap.Parse(
        """
        groups:
          alpha:
            code: { claim: code, subPath: src }
            docs/ref: { claim: reference }
          beta:
            papers: { claim: papers }
        """,
        "test map",
        [Alpha, Beta]);

    private static RenderOptions Options(VolumeMode mode) => new(mode, Install, "/data/root", "/home/op") { Map = Map, ProxyPort = 3128 };

    private static IReadOnlyList<object> RenderYaml(VolumeMode mode, IReadOnlyList<GroupPlan>? plans = null, RenderOptions? options = null) =>
        Manifests.RoundTrip(ManifestWriter.Write(KubernetesRenderer.Render(plans ?? [Alpha, Beta], options ?? Options(mode)), "test"));

    [Theory]
    [InlineData(VolumeModes.HostPathName)]
    [InlineData(VolumeModes.ClaimsName)]
    public void Every_mount_of_the_plan_is_a_volume_mount_at_the_same_path_with_the_same_read_only_flag(string volumes)
    {
        var mode = VolumeModes.Parse(volumes)!.Value;
        var documents = RenderYaml(mode);
        foreach (var plan in new[] { Alpha, Beta })
        {
            var (_, spec) = Manifests.PodSpecs(documents).Single(p => p.Metadata.Labels[Labels.Group] == plan.Id);
            var agent = spec.Containers.Single(c => c.Name == KubernetesRenderer.AgentContainer);
            // Besides the plan's mounts, only the scratch space of the read-only root file system (see the disk test below).
            Assert.Equal(plan.Mounts.Select(m => (m.ContainerPath, m.ReadOnly)), agent.VolumeMounts.Where(v => v.MountPath is not (DiskBounds.TmpPath or DiskBounds.HomePath)).Select(v => (v.MountPath, v.ReadOnlyProperty ?? false)));
            var extra = spec.Volumes.Single(v => v.Name == agent.VolumeMounts.Single(m => m.MountPath == HostManagedMounts.OperatorMountRoot).Name);
            Assert.Equal("Memory", extra.EmptyDir.Medium);
        }
    }

    [Theory]
    [InlineData(VolumeModes.HostPathName)]
    [InlineData(VolumeModes.ClaimsName)]
    public void The_root_file_system_is_read_only_scratch_is_bounded_memory_and_ephemeral_storage_is_the_log_bound(string volumes)
    {
        var gamma = Manifests.Plan("gamma", []) with { Limits = ResourceLimits.Default with { TmpBytes = 64L << 20, HomeBytes = 1L << 30, LogBytes = 60L << 20 } };
        var documents = RenderYaml(VolumeModes.Parse(volumes)!.Value, [gamma], Options(VolumeModes.Parse(volumes)!.Value) with { Map = MountsMap.Empty });
        var (_, spec) = Manifests.PodSpecs(documents).Single();
        foreach (var container in spec.Containers.Concat(spec.InitContainers ?? []))
        {
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, container.Name);
            Assert.Equal("60Mi", container.Resources.Limits["ephemeral-storage"].ToString());
        }

        var agent = spec.Containers.Single(c => c.Name == KubernetesRenderer.AgentContainer);
        string SizeAt(string path) => spec.Volumes.Single(v => v.Name == agent.VolumeMounts.Single(m => m.MountPath == path).Name).EmptyDir is { Medium: "Memory" } dir ? dir.SizeLimit.ToString() : "not a memory emptyDir";
        Assert.Equal("64Mi", SizeAt(DiskBounds.TmpPath));
        Assert.Equal("1Gi", SizeAt(DiskBounds.HomePath));
        Assert.Contains(agent.VolumeMounts, m => m.MountPath == "/home/node/.claude"); // the host-managed bind stays, below the home emptyDir
        Assert.DoesNotContain(PodSecurityRestricted.Violations(spec), v => !v.StartsWith("volume types:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(VolumeModes.HostPathName)]
    [InlineData(VolumeModes.ClaimsName)]
    public void Every_annotation_value_fits_podmans_limit(string volumes)
    {
        var mode = VolumeModes.Parse(volumes)!.Value;
        foreach (var item in RenderYaml(mode).Cast<k8s.IKubernetesObject<V1ObjectMeta>>())
        {
            Assert.All(item.Metadata.Annotations ?? new Dictionary<string, string>(), a => Assert.True(a.Value.Length <= KubernetesRenderer.MaxAnnotationLength, $"{item.Metadata.Name}: {a.Key}={a.Value}"));
        }
    }

    [Fact]
    public void Hostpath_volumes_are_the_data_roots_folders_and_the_declared_host_paths()
    {
        // Without a mounts map, hostpath mode binds the declared host paths ('~' is the renderer's home), as the runtime does.
        var documents = RenderYaml(VolumeMode.HostPath, options: Options(VolumeMode.HostPath) with { Map = MountsMap.Empty });
        var (metadata, spec) = Manifests.PodSpecs(documents).Single(p => p.Metadata.Labels[Labels.Group] == "beta");
        string HostPathOf(string containerPath) =>
            spec.Volumes.Single(v => v.Name == spec.Containers[0].VolumeMounts.Single(m => m.MountPath == containerPath).Name).HostPath.Path;
        Assert.Equal("/data/root/data/v2-sessions/beta/skill-data", HostPathOf(HostManagedMounts.SkillDataContainerPath));
        Assert.Equal("/data/root/data/v2-sessions/beta/default", HostPathOf("/workspace"));
        Assert.Equal("/data/root/groups/beta/container.json", HostPathOf("/workspace/agent/container.json"));
        Assert.Equal("/home/op/papers", HostPathOf("/workspace/extra/papers"));
        Assert.All(spec.Volumes.Where(v => v.HostPath is not null), v => Assert.Contains(v.HostPath.Type, new[] { "Directory", "File" }));
        Assert.Contains("restricted", metadata.Annotations[KubernetesLabels.PodSecurityNote], StringComparison.Ordinal);
        Assert.Contains(PodSecurityRestricted.Violations(spec), v => v.StartsWith("volume types:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(VolumeModes.HostPathName)]
    [InlineData(VolumeModes.ClaimsName)]
    public void A_list_of_skills_renders_a_read_only_memory_volume_with_one_read_only_mount_per_skill(string volumes)
    {
        var mode = VolumeModes.Parse(volumes)!.Value;
        var plan = GroupPlan.Create("gamma", "gamma", "gamma", false, "agentspec/agent:latest", ["web-search", "summarize"], [], []);
        var (_, spec) = Manifests.PodSpecs(RenderYaml(mode, [plan])).Single();
        var mounts = spec.Containers[0].VolumeMounts.Where(m => m.MountPath == "/app/skills" || m.MountPath.StartsWith("/app/skills/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/app/skills", "/app/skills/web-search", "/app/skills/summarize"], mounts.Select(m => m.MountPath));
        Assert.All(mounts, m => Assert.True(m.ReadOnlyProperty));
        var root = spec.Volumes.Single(v => v.Name == mounts[0].Name);
        Assert.Equal("Memory", root.EmptyDir.Medium);
        foreach (var (mount, skill) in mounts.Skip(1).Zip(new[] { "web-search", "summarize" }))
        {
            var volume = spec.Volumes.Single(v => v.Name == mount.Name);
            if (mode == VolumeMode.HostPath)
            {
                Assert.Equal(($"/data/root/container/skills/{skill}", "Directory"), (volume.HostPath.Path, volume.HostPath.Type));
            }
            else
            {
                Assert.Equal(("agentspec-shared", $"container/skills/{skill}"), (volume.PersistentVolumeClaim.ClaimName, mount.SubPath));
            }
        }

        // Nothing binds the whole skills folder.
        Assert.DoesNotContain(spec.Volumes, v => v.HostPath?.Path == "/data/root/container/skills");
        Assert.DoesNotContain(spec.Containers[0].VolumeMounts, m => m.SubPath == "container/skills");
    }

    [Fact]
    public void Claims_mode_keeps_the_data_root_layout_inside_group_session_and_shared_claims()
    {
        var documents = RenderYaml(VolumeMode.Claims);
        var claims = documents.OfType<V1PersistentVolumeClaim>().Select(c => c.Metadata.Name).ToList();
        Assert.Equal(["agentspec-shared", "agentspec-alpha-data", "agentspec-alpha-default-workspace", "agentspec-beta-data", "agentspec-beta-default-workspace"], claims);
        var (_, spec) = Manifests.PodSpecs(documents).Single(p => p.Metadata.Labels[Labels.Group] == "alpha");
        V1VolumeMount At(string path) => spec.Containers[0].VolumeMounts.Single(m => m.MountPath == path);
        string ClaimOf(V1VolumeMount mount) => spec.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName;
        Assert.Equal(("agentspec-alpha-data", "data/v2-sessions/alpha/skill-data"), (ClaimOf(At("/workspace/skill-data")), At("/workspace/skill-data").SubPath));
        Assert.Equal(("agentspec-alpha-data", "data/v2-sessions/alpha/.claude-shared"), (ClaimOf(At("/home/node/.claude")), At("/home/node/.claude").SubPath));
        Assert.Equal(("agentspec-alpha-data", "groups/alpha"), (ClaimOf(At("/workspace/agent")), At("/workspace/agent").SubPath));
        Assert.Equal(("agentspec-alpha-default-workspace", "data/v2-sessions/alpha/default"), (ClaimOf(At("/workspace")), At("/workspace").SubPath));
        Assert.Equal(("agentspec-shared", "container/skills"), (ClaimOf(At("/app/skills")), At("/app/skills").SubPath));
        Assert.True(spec.Volumes.Single(v => v.PersistentVolumeClaim?.ClaimName == "agentspec-shared").PersistentVolumeClaim.ReadOnlyProperty);
        Assert.Equal(("code", "src"), (ClaimOf(At("/workspace/extra/code")), At("/workspace/extra/code").SubPath));
        Assert.True(spec.Volumes.Single(v => v.PersistentVolumeClaim?.ClaimName == "reference").PersistentVolumeClaim.ReadOnlyProperty);

        var json = At("/workspace/agent/container.json");
        var map = documents.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == spec.Volumes.Single(v => v.Name == json.Name).ConfigMap.Name);
        Assert.Equal(GroupInit.ContainerJson(Alpha), map.Data["container.json"]);
        Assert.True(json.ReadOnlyProperty);

        // group-init inside the Pod makes the layout's folders in the fresh claims and the operator mount points.
        var init = Assert.Single(spec.InitContainers);
        Assert.Contains("/agentspec-init/group/data/v2-sessions/alpha/skill-data", init.Command);
        Assert.Contains("/agentspec-init/session/data/v2-sessions/alpha/default", init.Command);
        Assert.Contains("/workspace/extra/docs/ref", init.Command);
        Assert.Equal(1000, spec.SecurityContext.FsGroup);
    }

    [Fact]
    public void Every_claims_mode_pod_passes_pod_security_restricted()
    {
        foreach (var (metadata, spec) in Manifests.PodSpecs(RenderYaml(VolumeMode.Claims)))
        {
            Assert.True(PodSecurityRestricted.Violations(spec).Count == 0, $"{metadata.Name}: {string.Join("; ", PodSecurityRestricted.Violations(spec))}");
        }
    }

    [Fact]
    public void The_checker_refuses_what_restricted_refuses()
    {
        var spec = Manifests.PodSpecs(RenderYaml(VolumeMode.Claims)).First().Spec;
        var container = spec.Containers[0];
        container.SecurityContext.AllowPrivilegeEscalation = null;
        container.SecurityContext.Capabilities = new V1Capabilities { Add = ["SYS_ADMIN"], Drop = [] };
        container.Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 80 }];
        spec.HostPID = true;
        spec.SecurityContext.SeccompProfile = null;
        container.SecurityContext.SeccompProfile = new V1SeccompProfile { Type = "Unconfined" };
        container.SecurityContext.RunAsNonRoot = false;
        var violations = PodSecurityRestricted.Violations(spec);
        foreach (var control in new[] { "privilege escalation", "capabilities: container 'agent' must drop ALL", "adds SYS_ADMIN", "host ports", "host namespaces", "seccomp", "running as non-root:" })
        {
            Assert.Contains(violations, v => v.Contains(control, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(VolumeModes.HostPathName)]
    [InlineData(VolumeModes.ClaimsName)]
    public void Security_user_limits_and_labels_come_from_the_plan(string volumes)
    {
        var mode = VolumeModes.Parse(volumes)!.Value;
        var documents = RenderYaml(mode);
        var (metadata, spec) = Manifests.PodSpecs(documents).Single(p => p.Metadata.Labels[Labels.Group] == "beta");
        Assert.Equal(new Dictionary<string, string> { [Labels.Install] = Install, [KubernetesLabels.ManagedBy] = "agentspec", [Labels.Group] = "beta", [Labels.Session] = "default" }, metadata.Labels);
        Assert.Equal("agentspec-beta-default", metadata.Name);
        Assert.False(spec.AutomountServiceAccountToken);
        foreach (var container in spec.Containers.Concat(spec.InitContainers ?? []))
        {
            Assert.Equal((2000L, 3000L, true, false), (container.SecurityContext.RunAsUser!.Value, container.SecurityContext.RunAsGroup!.Value, container.SecurityContext.RunAsNonRoot!.Value, container.SecurityContext.AllowPrivilegeEscalation!.Value));
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            Assert.Equal("RuntimeDefault", container.SecurityContext.SeccompProfile.Type);
            Assert.Equal("384Mi", container.Resources.Limits["memory"].ToString());
        }

        Assert.Equal("64", metadata.Annotations[KubernetesLabels.PidsLimit]);
        var alpha = Manifests.PodSpecs(documents).Single(p => p.Metadata.Labels[Labels.Group] == "alpha").Spec;
        Assert.Equal("2Gi", alpha.Containers[0].Resources.Limits["memory"].ToString());
        Assert.Contains(alpha.Containers[0].Env, e => e.Name == HostManagedMounts.SkillDataDirVariable && e.Value == HostManagedMounts.SkillDataContainerPath);
        // HOME is the parent of the .claude mount whatever the Pod's runAsUser (issue 20 item 1).
        Assert.Contains(alpha.Containers[0].Env, e => e.Name == "HOME" && e.Value == "/home/node");
    }

    [Fact]
    public void Network_none_denies_everything_and_proxy_allows_only_the_proxy_pods_port()
    {
        var documents = RenderYaml(VolumeMode.Claims);
        var policies = documents.OfType<V1NetworkPolicy>().ToDictionary(p => p.Spec.PodSelector.MatchLabels[Labels.Group]);
        var none = policies["alpha"].Spec;
        Assert.Equal(["Ingress", "Egress"], none.PolicyTypes);
        Assert.Empty(none.Ingress);
        Assert.Empty(none.Egress);
        Assert.Equal(Install, none.PodSelector.MatchLabels[Labels.Install]);

        var proxy = policies["beta"].Spec;
        Assert.Empty(proxy.Ingress);
        var rule = Assert.Single(proxy.Egress);
        Assert.Equal(KubernetesLabels.EgressProxyValue, Assert.Single(rule.To).PodSelector.MatchLabels[KubernetesLabels.EgressProxy]);
        Assert.Equal("3128", Assert.Single(rule.Ports).Port.Value);
        var service = Assert.Single(documents.OfType<V1Service>());
        Assert.Equal(KubernetesLabels.EgressProxyValue, service.Spec.Selector[KubernetesLabels.EgressProxy]);

        var beta = Manifests.PodSpecs(documents).Single(p => p.Metadata.Labels[Labels.Group] == "beta").Spec;
        Assert.True(beta.EnableServiceLinks);
        Assert.Contains(beta.Containers[0].Env, e => e.Name == "HTTPS_PROXY" && e.Value == "http://$(AGENTSPEC_EGRESS_PROXY_SERVICE_HOST):$(AGENTSPEC_EGRESS_PROXY_SERVICE_PORT)");
        Assert.False(Manifests.PodSpecs(documents).Single(p => p.Metadata.Labels[Labels.Group] == "alpha").Spec.EnableServiceLinks);
    }

    [Fact]
    public void A_proxy_group_without_the_proxy_port_is_refused()
    {
        var error = Assert.Throws<RuntimeError>(() => KubernetesRenderer.Render([Beta], Options(VolumeMode.Claims) with { ProxyPort = null }));
        Assert.Contains("'beta'", error.Message, StringComparison.Ordinal);
        Assert.Contains("egress-proxy.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_renders_a_job_whose_pod_runs_it_as_args_once()
    {
        var documents = RenderYaml(VolumeMode.Claims, options: Options(VolumeMode.Claims) with { Command = ["sh", "-c", "echo hi"] });
        Assert.Empty(documents.OfType<V1Pod>());
        var jobs = documents.OfType<V1Job>().ToList();
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, job =>
        {
            Assert.Equal(["sh", "-c", "echo hi"], job.Spec.Template.Spec.Containers[0].Args);
            Assert.Null(job.Spec.Template.Spec.Containers[0].Command);
            Assert.Equal(0, job.Spec.BackoffLimit);
            Assert.Equal("Never", job.Spec.Template.Spec.RestartPolicy);
            Assert.Equal(job.Metadata.Labels, job.Spec.Template.Metadata.Labels);
        });
    }

    [Fact]
    public void An_unmapped_operator_mount_in_claims_mode_is_an_error_naming_it_and_the_fix()
    {
        var error = Assert.Throws<RuntimeError>(() => KubernetesRenderer.Render([Alpha], Options(VolumeMode.Claims) with { Map = MountsMap.Empty }));
        Assert.Contains("group 'alpha' mount 'code' (/srv/code at /workspace/extra/code, rw)", error.Message, StringComparison.Ordinal);
        Assert.Contains("group 'alpha' mount 'docs/ref'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--mounts-map", error.Message, StringComparison.Ordinal);
        Assert.Contains("never dropped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sessions_workspace_claim_and_labels_follow_the_session()
    {
        var documents = RenderYaml(VolumeMode.Claims, [Alpha], Options(VolumeMode.Claims) with { Session = "Chat_2" });
        var (metadata, spec) = Assert.Single(Manifests.PodSpecs(documents));
        Assert.Equal("agentspec-alpha-chat-2", metadata.Name);
        Assert.Equal("Chat_2", metadata.Labels[Labels.Session]);
        Assert.Contains(documents.OfType<V1PersistentVolumeClaim>(), c => c.Metadata.Name == "agentspec-alpha-chat-2-workspace");
        Assert.Equal("data/v2-sessions/alpha/Chat_2", spec.Containers[0].VolumeMounts.Single(m => m.MountPath == "/workspace").SubPath);
    }

    [Fact]
    public void Names_that_sanitise_alike_are_refused_not_merged()
    {
        var error = Assert.Throws<RuntimeError>(() => KubernetesRenderer.Render([Manifests.Plan("Team"), Manifests.Plan("team")], Options(VolumeMode.HostPath) with { Map = MountsMap.Empty }));
        Assert.Contains("'agentspec-team-default'", error.Message, StringComparison.Ordinal);
        Assert.Contains("group 'Team'", error.Message, StringComparison.Ordinal);
        Assert.Contains("group 'team'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("main", "main")]
    [InlineData("Chat_2.x", "chat-2-x")]
    [InlineData("a__b", "a-b")]
    public void Names_are_dns_labels(string input, string expected)
    {
        Assert.Equal(expected, KubernetesNames.Name(input));
        Assert.True(KubernetesNames.IsDnsLabel(KubernetesNames.Name(input)));
    }

    [Theory]
    [InlineData(2L * 1024 * 1024 * 1024, "2Gi")]
    [InlineData(384L * 1024 * 1024, "384Mi")]
    [InlineData(1024L * 1024, "1Mi")]
    [InlineData(17L * 1024, "17Ki")]
    [InlineData(16777217L, "16777217")]
    public void Memory_is_a_binary_quantity(long bytes, string expected) => Assert.Equal(expected, KubernetesRenderer.Quantity(bytes));

    [Fact]
    public void Long_names_are_cut_with_a_stable_hash()
    {
        var id = new string('a', 60);
        var name = KubernetesNames.Name("agentspec", id, "default");
        Assert.Equal(63, name.Length);
        Assert.True(KubernetesNames.IsDnsLabel(name));
        Assert.Equal(name, KubernetesNames.Name("agentspec", id, "default"));
        Assert.NotEqual(name, KubernetesNames.Name("agentspec", id, "other"));
    }

    [Fact]
    public void A_value_kubernetes_cannot_store_as_a_label_is_refused()
    {
        var error = Assert.Throws<RuntimeError>(() => KubernetesRenderer.Render([Alpha], Options(VolumeMode.HostPath) with { Session = "chat-" }));
        Assert.Contains("label value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_mounts_map_is_strict()
    {
        var error = Assert.Throws<RuntimeError>(() => MountsMap.Parse(
            """
            groups:
              alpha:
                code: { claim: code, readonly: false }
                code: { claim: other }
                nope: { claim: x }
                docs/ref: { claim: Bad_Name, hostPath: /x }
              gamma: {}
            extra: 1
            """,
            "map.yaml",
            [Alpha, Beta]));
        foreach (var expected in new[] { "unknown key 'readonly'", "'code' appears twice", "no operator mount 'nope'", "exactly one of claim or hostPath", "not a PersistentVolumeClaim name", "no group 'gamma'", "unknown key 'extra'" })
        {
            Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("/etc/kubernetes")]
    [InlineData("/home/op/.ssh")]
    [InlineData("/var/lib/docker")]
    public void A_mapping_to_a_blocked_node_folder_is_refused_as_groups_yaml_would_be(string path)
    {
        var error = Assert.Throws<RuntimeError>(() => MountsMap.Parse($"groups:\n  alpha:\n    code: {{ hostPath: {path} }}\n", "map", [Alpha]));
        Assert.Contains("AGS0302", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_to_a_node_folder_in_claims_mode_is_said_to_leave_restricted()
    {
        var map = MountsMap.Parse("groups:\n  alpha:\n    code: { hostPath: /srv/code }\n    docs/ref: { claim: reference }\n", "map", [Alpha]);
        var rendering = KubernetesRenderer.Render([Alpha], Options(VolumeMode.Claims) with { Map = map });
        Assert.Contains(rendering.Notes, n => n.Contains("mount 'code'", StringComparison.Ordinal) && n.Contains("restricted", StringComparison.Ordinal));
        var spec = Manifests.PodSpecs(Manifests.RoundTrip(ManifestWriter.Write(rendering, "t"))).Single().Spec;
        Assert.Equal("/srv/code", spec.Volumes.Single(v => v.HostPath is not null).HostPath.Path);
    }
}
