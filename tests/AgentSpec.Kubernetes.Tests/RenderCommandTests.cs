using AgentSpec.Cli.Tests;
using AgentSpecProcess = AgentSpec.Cli.Tests.Cli;
using k8s.Models;

namespace AgentSpec.Kubernetes.Tests;

/// <summary>
/// `agentspec render kubernetes` as a process, on the repository's own groups.yaml (read independently with plain
/// YamlDotNet by <see cref="Repo"/>): every group rendered in both volume modes, every document a KubernetesClient
/// model, every claims-mode Pod admissible under Pod Security "restricted".
/// </summary>
public sealed class RenderCommandTests : IDisposable
{
    private readonly TempDir _temp = new();

    private IReadOnlyDictionary<string, string?> Env => new Dictionary<string, string?> { ["HOME"] = _temp["home"], ["XDG_CONFIG_HOME"] = null, ["XDG_DATA_HOME"] = null };

    private string DataDir => _temp["data"];

    /// <summary>A mounts map for every operator mount of groups.yaml, each on a claim named after its group and mount.</summary>
    private string CompleteMap()
    {
        var lines = new List<string> { "groups:" };
        foreach (var (group, mounts) in Repo.OperatorMounts.Where(g => g.Value.Count > 0))
        {
            lines.Add($"  {group}:");
            lines.AddRange(mounts.Select(m => $"    {m.ContainerPath}: {{ claim: {KubernetesNames.Name(group, m.ContainerPath)} }}"));
        }

        return _temp.Write("config/mounts-map.yaml", string.Join("\n", lines) + "\n");
    }

    [Fact]
    public async Task Claims_mode_renders_every_group_and_every_pod_passes_pod_security_restricted()
    {
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "--mounts-map", CompleteMap(), "--data-dir", DataDir], Env)).Exits(0);
        var documents = Manifests.RoundTrip(result.Stdout);
        var pods = Manifests.PodSpecs(documents).ToList();
        Assert.Equal(Repo.OperatorMounts.Keys, pods.Select(p => p.Metadata.Labels[KubernetesLabels.Group]));
        foreach (var (metadata, spec) in pods)
        {
            var violations = PodSecurityRestricted.Violations(spec);
            Assert.True(violations.Count == 0, $"{metadata.Name} would not be admitted under restricted:\n{string.Join("\n", violations)}");
            Assert.Equal("agentspec-" + metadata.Labels[KubernetesLabels.Group] + "-default", metadata.Name);

            // Every operator mount is there, at its declared container path with its declared mode.
            var group = metadata.Labels[KubernetesLabels.Group];
            foreach (var declared in Repo.OperatorMounts[group])
            {
                var mount = spec.Containers[0].VolumeMounts.Single(m => m.MountPath == "/workspace/extra/" + declared.ContainerPath);
                Assert.Equal(declared.ReadOnly, mount.ReadOnlyProperty);
                Assert.Equal(KubernetesNames.Name(group, declared.ContainerPath), spec.Volumes.Single(v => v.Name == mount.Name).PersistentVolumeClaim.ClaimName);
            }
        }

        Assert.Contains(documents.OfType<V1NetworkPolicy>(), p => p.Spec.PodSelector.MatchLabels[KubernetesLabels.Group] == "main");
        Assert.DoesNotContain("hostPath", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostpath_mode_renders_every_group_on_the_data_roots_folders_and_says_restricted_forbids_it()
    {
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "--volumes", "hostpath", "--data-dir", DataDir], Env)).Exits(0);
        Assert.StartsWith("# ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Pod Security \"restricted\"", result.Stdout.Split('\n')[1], StringComparison.Ordinal);
        Assert.Contains("restricted", result.Stderr, StringComparison.Ordinal);
        var pods = Manifests.PodSpecs(Manifests.RoundTrip(result.Stdout)).ToList();
        Assert.Equal(Repo.OperatorMounts.Keys, pods.Select(p => p.Metadata.Labels[KubernetesLabels.Group]));
        foreach (var (metadata, spec) in pods)
        {
            var group = metadata.Labels[KubernetesLabels.Group];
            Assert.Contains(spec.Volumes, v => v.HostPath?.Path == Path.Join(DataDir, "data/v2-sessions", group, "skill-data"));
            foreach (var declared in Repo.OperatorMounts[group])
            {
                var expected = declared.HostPath.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(_temp["home"], declared.HostPath[2..]) : declared.HostPath;
                Assert.Contains(spec.Volumes, v => v.HostPath?.Path == expected);
            }

            Assert.Contains(PodSecurityRestricted.Violations(spec), v => v.StartsWith("volume types:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Claims_mode_without_a_place_for_an_operator_mount_refuses_naming_each()
    {
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "--data-dir", DataDir], Env)).Exits(1);
        Assert.Empty(result.Stdout);
        foreach (var (group, mounts) in Repo.OperatorMounts)
        {
            foreach (var mount in mounts)
            {
                Assert.Contains($"group '{group}' mount '{mount.ContainerPath}'", result.Stderr, StringComparison.Ordinal);
            }
        }

        Assert.Contains("--mounts-map", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_after_the_separator_renders_a_job_for_the_session()
    {
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "main", "--volumes", "hostpath", "--session", "chat-2", "--data-dir", DataDir, "--", "sh", "-c", "echo hi"], Env)).Exits(0);
        var job = Assert.Single(Manifests.RoundTrip(result.Stdout).OfType<V1Job>());
        Assert.Equal("agentspec-main-chat-2", job.Metadata.Name);
        Assert.Equal("chat-2", job.Spec.Template.Metadata.Labels[KubernetesLabels.Session]);
        Assert.Equal(["sh", "-c", "echo hi"], job.Spec.Template.Spec.Containers[0].Args);
        Assert.Contains(job.Spec.Template.Spec.Volumes, v => v.HostPath?.Path == Path.Join(DataDir, "data/v2-sessions/main/chat-2"));
    }

    [Fact]
    public async Task Output_writes_one_file_per_workload_and_one_for_what_they_share()
    {
        var folder = _temp["manifests"];
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "--mounts-map", CompleteMap(), "--output", folder, "--data-dir", DataDir], Env)).Exits(0);
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Repo.OperatorMounts.Keys.Select(g => $"agentspec-{g}-default.yaml").Append("agentspec-shared.yaml").Order(StringComparer.Ordinal), files);
        Assert.Equal(files.Count, result.StdoutLines.Count);
        foreach (var file in Directory.GetFiles(folder))
        {
            Manifests.RoundTrip(File.ReadAllText(file));
        }
    }

    [Fact]
    public async Task Output_into_a_file_is_refused_with_the_reason()
    {
        var file = _temp.Write("not-a-folder", "x");
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "--volumes", "hostpath", "--output", file, "--data-dir", DataDir], Env)).Exits(1);
        Assert.Contains(file, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("--volumes", "nodes")]
    [InlineData("no-such-group")]
    [InlineData("--session", "../x")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "--data-dir", DataDir, .. args], Env)).Exits(2);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_malformed_mounts_map_is_refused_with_every_problem()
    {
        var map = _temp.Write("config/bad.yaml", "groups:\n  main:\n    webapp: { claim: a }\n    webapp: { claim: b }\n    notes: { pvc: notes }\n");
        var result = (await AgentSpecProcess.RunAsync(["render", "kubernetes", "--mounts-map", map, "--data-dir", DataDir], Env)).Exits(1);
        Assert.Contains("'webapp' appears twice", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown key 'pvc'", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    public void Dispose() => _temp.Dispose();
}
