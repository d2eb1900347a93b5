using System.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s;
using k8s.Models;

namespace AgentSpec.Kubernetes.Tests;

/// <summary>
/// `podman kube play` (installed and configured by .ci/podman-setup.sh) as the real consumer of hostPath renderings:
/// persistence of skill-data across Pods, read-only mounts, isolation of groups, a non-root unprivileged container.
/// Each test plays Pods of groups with ids of its own, removes only those Pods, and its temp folders.
/// </summary>
public sealed class PodmanTests : IDisposable
{
    private readonly string _root;
    private readonly string _dataRoot;
    private readonly string _readWrite;
    private readonly string _readOnly;
    private readonly GroupPlan _alpha;
    private readonly GroupPlan _beta;
    private readonly List<string> _pods = [];

    public PodmanTests()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _root = Path.Join(Path.GetTempPath(), "agentspec-k8s-" + suffix);
        _dataRoot = Path.Join(_root, "data");
        _readWrite = Path.Join(_root, "ops", "work");
        _readOnly = Path.Join(_root, "ops", "reference");
        foreach (var dir in new[] { _root, _dataRoot, Path.Join(_root, "ops"), _readWrite, _readOnly })
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }

        File.WriteAllText(Path.Join(_readOnly, "guide.txt"), "reference\n");
        _alpha = Manifests.Plan("k8sa" + suffix, [("work", _readWrite, false), ("docs/reference", _readOnly, true)]);
        _beta = Manifests.Plan("k8sb" + suffix, [("reference", _readOnly, true)]);
        foreach (var plan in new[] { _alpha, _beta })
        {
            GroupInit.Init(plan, _dataRoot);
        }

        // The read-write operator folder belongs to the container user, as ContainerSecurity.CheckAccess demands of a host.
        var user = ContainerSecurity.ResolveUser(_alpha);
        HostFiles.Chown(_readWrite, user.Uid, user.Gid);
    }

    [Fact]
    public async Task A_file_written_to_SKILL_DATA_DIR_in_one_played_pod_is_read_by_the_next()
    {
        var token = "persisted-" + Guid.NewGuid().ToString("N");
        var first = await PlayAsync(_alpha, $"echo {token} > \"$SKILL_DATA_DIR/note\" && echo written");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(token + "\n", File.ReadAllText(Path.Join(_dataRoot, "data/v2-sessions", _alpha.Id, "skill-data/note")));

        var second = await PlayAsync(_alpha, "cat \"$SKILL_DATA_DIR/note\"");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(token, second.Output.Trim());
    }

    [Fact]
    public async Task Read_only_mounts_refuse_writes_and_read_write_mounts_take_them()
    {
        // The read-only sources belong to the container user here, so only the read-only mount can refuse a write.
        var user = ContainerSecurity.ResolveUser(_alpha);
        foreach (var mount in _alpha.Mounts.Where(m => m.ReadOnly && !m.IsTmpfs))
        {
            HostFiles.Chown(mount.IsHostManaged ? HostManagedMounts.Resolve(mount.HostSource, _dataRoot, _alpha.Id, _alpha.Folder) : mount.HostSource, user.Uid, user.Gid);
        }

        // Every read-only mount of the plan, as compiled: a file is appended to, a folder gets a new file.
        var probes = _alpha.Mounts.Where(m => m.ReadOnly)
            .Select(m => HostManagedMounts.IsFileSource(m)
                ? $"if echo x >> '{m.ContainerPath}'; then echo 'WROTE {m.ContainerPath}'; fi"
                : $"if touch '{m.ContainerPath}/probe'; then echo 'WROTE {m.ContainerPath}'; fi");
        var script = string.Join("; ", probes) + "; echo rw > /workspace/extra/work/written && echo 'wrote work'";
        var result = await PlayAsync(_alpha, script);
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var mount in _alpha.Mounts.Where(m => m.ReadOnly))
        {
            Assert.Matches($"{System.Text.RegularExpressions.Regex.Escape(mount.ContainerPath)}[^\n]*: Read-only file system", result.Output);
        }

        Assert.DoesNotContain("WROTE", result.Output, StringComparison.Ordinal);
        Assert.Contains("/workspace/extra/docs/reference", result.Output, StringComparison.Ordinal);
        Assert.Equal("rw\n", File.ReadAllText(Path.Join(_readWrite, "written")));
        Assert.False(File.Exists(Path.Join(_readOnly, "probe")));
    }

    [Fact]
    public async Task Two_groups_pods_do_not_see_each_others_data()
    {
        var token = "secret-" + Guid.NewGuid().ToString("N");
        var write = await PlayAsync(_alpha, $"for d in /workspace /workspace/agent \"$SKILL_DATA_DIR\" /home/node/.claude; do echo {token} > \"$d/alpha-secret\" || exit 1; done; echo done");
        Assert.True(write.ExitCode == 0, write.ToString());

        var look = await PlayAsync(_beta, $"grep -rl {token} /workspace /home /app 2>/dev/null; ls -A \"$SKILL_DATA_DIR\" /workspace /workspace/agent; echo checked");
        Assert.True(look.ExitCode == 0, look.ToString());
        Assert.Contains("checked", look.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(token, look.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("alpha-secret", look.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_container_runs_as_the_plans_non_root_user_without_capabilities_or_new_privileges()
    {
        var result = await PlayAsync(_alpha, "echo uid=$(id -u) gid=$(id -g); grep -E '^(CapEff|CapPrm|NoNewPrivs):' /proc/self/status");
        Assert.True(result.ExitCode == 0, result.ToString());
        var user = ContainerSecurity.ResolveUser(_alpha);
        Assert.Contains($"uid={user.Uid} gid={user.Gid}", result.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, user.Uid);
        Assert.Matches(@"CapEff:\s+0000000000000000", result.Output);
        Assert.Matches(@"CapPrm:\s+0000000000000000", result.Output);
        Assert.Matches(@"NoNewPrivs:\s+1", result.Output);
    }

    [Fact]
    public async Task The_root_file_system_refuses_writes_while_tmp_and_the_claude_mount_inside_the_home_volume_take_them()
    {
        var plan = _alpha with { Limits = ResourceLimits.Default with { TmpBytes = 8L << 20, HomeBytes = 8L << 20 } };
        var result = await PlayAsync(plan, "touch /x; touch /etc/x; echo t > /tmp/t && echo tmp-ok; ls -ld /home/node; echo c > /home/node/.claude/from-pod && echo claude-ok; grep -E ' (/tmp|/home/node) ' /proc/mounts; true");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("touch: /x: Read-only file system", result.Output, StringComparison.Ordinal);
        Assert.Contains("touch: /etc/x: Read-only file system", result.Output, StringComparison.Ordinal);
        Assert.Contains("tmp-ok", result.Output, StringComparison.Ordinal);
        // Podman 4.3 plays an emptyDir as a disk volume (no medium: Memory, no sizeLimit, root 0755 after the image's folder):
        // it shows the mounts and their order, not the sizes, which the runtime's tests and a kubelet enforce.
        Assert.Matches(@"(?m)^\S+ /tmp \S+ rw", result.Output);
        Assert.Matches(@"(?m)^\S+ /home/node \S+ rw", result.Output);
        Assert.Contains("claude-ok", result.Output, StringComparison.Ordinal);
        Assert.Equal("c\n", File.ReadAllText(Path.Join(_dataRoot, "data/v2-sessions", _alpha.Id, ".claude-shared/from-pod")));
    }

    public void Dispose()
    {
        foreach (var pod in _pods)
        {
            _ = Podman.RunAsync("pod", "rm", "--force", "--ignore", pod).GetAwaiter().GetResult();
        }

        // Folders the container user owns (handed over by group-init) are removed as root, the test's user.
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>
    /// Renders <paramref name="plan"/> with --volumes hostpath and a command (a Job), plays it through `podman kube play
    /// --network none` as the Pod its Job controller would make (podman 4.3 has no Job kind; every other document is played
    /// as rendered), waits for the agent container and returns its exit code and output; the Pod is removed.
    /// </summary>
    private async Task<PlayResult> PlayAsync(GroupPlan plan, string script)
    {
        var options = new RenderOptions(VolumeMode.HostPath, InstallId.For(_dataRoot), _dataRoot, HostPaths.DefaultHome) { Command = ["sh", "-c", script] };
        var rendered = ManifestWriter.Write(KubernetesRenderer.Render([plan], options), "podman test");
        var documents = Manifests.RoundTrip(rendered).Select(d => d is V1Job job ? Manifests.AsPod(job) : d).ToList();
        var pod = documents.OfType<V1Pod>().Single();
        var file = Path.Join(_root, pod.Metadata.Name + ".yaml");
        await File.WriteAllTextAsync(file, string.Join("---\n", documents.Select(d => KubernetesYaml.Serialize(d).TrimEnd('\n') + "\n")));

        _pods.Add(pod.Metadata.Name);
        try
        {
            var play = await Podman.RunAsync("kube", "play", "--network", "none", file);
            Assert.True(play.ExitCode == 0, "podman kube play failed: " + play);
            var container = pod.Metadata.Name + "-" + KubernetesRenderer.AgentContainer;
            var wait = await Podman.RunAsync("wait", container);
            Assert.True(wait.ExitCode == 0, "podman wait failed: " + wait);
            var logs = await Podman.RunAsync("logs", container);
            return new PlayResult(int.Parse(wait.Output.Trim(), System.Globalization.CultureInfo.InvariantCulture), logs.Output + logs.Error, rendered);
        }
        finally
        {
            await Podman.RunAsync("pod", "rm", "--force", "--ignore", pod.Metadata.Name);
        }
    }

    private sealed record PlayResult(int ExitCode, string Output, string Yaml)
    {
        public override string ToString() => $"exit code {ExitCode}{System.Environment.NewLine}--- output ---{System.Environment.NewLine}{Output}--- played ---{System.Environment.NewLine}{Yaml}";
    }
}

/// <summary>The podman command with the storage driver .ci/podman-setup.sh prepared (vfs: no overlay mounts in this sandbox).</summary>
public static class Podman
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}: {Output}{Error}";
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--storage-driver=vfs");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("podman is not installed: run .ci/podman-setup.sh (test.sh does) to install and configure it", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(cts.Token);
            return new Result(process.ExitCode, await stdout, await stderr);
        }
    }
}
