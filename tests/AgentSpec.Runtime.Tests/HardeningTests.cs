using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine: the agent tries to leave setuid/setgid files and device nodes on the host, to become
    /// root, to exhaust processes and memory. Each test performs the attack and then looks at the host.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class HardeningTests : EngineTest
    {
        private const UnixFileMode SetId = UnixFileMode.SetUser | UnixFileMode.SetGroup;

        private readonly ContainerUser _user = ContainerSecurity.HostDefaultUser;

        public HardeningTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        /// <summary>main with a read-write operator mount ~/projects/webapp that the container user owns, as an operator would set it up.</summary>
        private GroupPlan PlanWithProject(ResourceLimits? limits = null)
        {
            Host.WriteDefaultAllowlist();
            var webapp = Host.HomeDir("projects/webapp");
            HostFiles.Chown(webapp, _user.Uid, _user.Gid);
            return GroupPlan.Create("main", "Main", "main", true, TestHost.Image, null, Array.Empty<EnvVar>(), new[] { TestHost.Op("webapp", "~/projects/webapp", readOnly: false) }, limits: limits);
        }

        private async Task<(int Exit, string Out, string Err)> Run(GroupPlan plan, string script, ContainerUser? user = null)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var result = await Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", script }, User = user }, new GroupOutput(stdout, stderr));
            return (result.ExitCode, stdout.ToString(), stderr.ToString());
        }

        /// <summary>Every file below the test's home and data root that has a setuid or setgid bit, or is a device node (lstat, links not followed).</summary>
        private List<string> DangerousFilesOnTheHost()
        {
            var found = new List<string>();
            var pending = new Stack<string>(new[] { Host.Root });
            while (pending.Count > 0)
            {
                foreach (var path in Directory.EnumerateFileSystemEntries(pending.Pop()))
                {
                    var stat = HostFiles.Lstat(path)!.Value;
                    var info = new FileInfo(path);
                    if (stat.IsDirectory && info.LinkTarget is null)
                    {
                        pending.Push(path);
                    }
                    else if ((stat.Permissions & SetId) != 0 || IsDevice(path))
                    {
                        found.Add($"{path} ({Convert.ToString((int)stat.Mode, 8)})");
                    }
                }
            }

            return found;
        }

        private static bool IsDevice(string path) =>
            (File.GetAttributes(path) & FileAttributes.Device) != 0;

        [Fact]
        public async Task Agent_runs_as_a_non_root_user_with_no_capabilities_no_new_privileges_and_seccomp()
        {
            var (exit, stdout, _) = await Run(TestHost.Plan("main"), "id -u; id -g; grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status");

            Assert.Equal(0, exit);
            var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(_user.Uid.ToString(), lines[0]);
            Assert.Equal(_user.Gid.ToString(), lines[1]);
            Assert.NotEqual("0", lines[0]);
            Assert.Contains("CapEff:\t0000000000000000", lines);
            Assert.Contains("CapPrm:\t0000000000000000", lines);
            Assert.Contains("CapBnd:\t0000000000000000", lines);
            Assert.Contains("NoNewPrivs:\t1", lines);
            Assert.Contains("Seccomp:\t2", lines);
        }

        [Fact]
        public async Task Chmod_setuid_and_setgid_on_a_copy_of_a_binary_fails_and_leaves_no_such_file_on_the_host()
        {
            var plan = PlanWithProject();
            var folders = new[] { "/workspace/extra/webapp", "/workspace", "/workspace/skill-data", "/workspace/agent", "/home/node/.claude" };
            var script = string.Join("; ", folders.Select(d =>
                $"cp /bin/busybox {d}/sh-copy && mkdir -p {d}/dir" +
                $"; for m in 4755 u+s g+s 6755 2755; do if chmod $m {d}/sh-copy 2>/dev/null; then echo \"CHMOD $m {d} OK\"; else echo \"CHMOD $m {d} refused\"; fi; done" +
                $"; if chmod g+s {d}/dir 2>/dev/null; then echo \"CHMOD g+s {d}/dir OK\"; else echo \"CHMOD g+s {d}/dir refused\"; fi" +
                $"; if install -m 4755 /bin/busybox {d}/installed 2>/dev/null; then echo \"INSTALL {d} OK\"; else echo \"INSTALL {d} refused\"; fi" +
                $"; if cp -p {d}/sh-copy {d}/cp-p 2>/dev/null; then echo \"CP-P {d} done\"; fi"));

            var (exit, stdout, _) = await Run(plan, script + "; ls -ln /workspace/extra/webapp");

            Assert.Equal(0, exit);
            Assert.DoesNotContain(" OK", stdout);
            Assert.Equal(folders.Length * 7, stdout.Split('\n').Count(l => l.EndsWith(" refused", StringComparison.Ordinal)));
            var copy = Path.Join(Host.Home, "projects/webapp/sh-copy");
            Assert.True(File.Exists(copy), "the agent's copy should exist (the attack ran)");
            var stat = HostFiles.Lstat(copy)!.Value;
            Assert.Equal((_user.Uid, _user.Gid), (stat.Uid, stat.Gid));
            Assert.Equal((UnixFileMode)0, stat.Permissions & SetId);
            Assert.Empty(DangerousFilesOnTheHost());
        }

        [Fact]
        public async Task Creating_a_file_with_a_setuid_mode_fails_by_every_system_call_and_leaves_nothing_on_the_host()
        {
            var plan = PlanWithProject();
            TestHost.BuildProbe("setid-probe.c", Path.Join(Host.DataRoot, "container/skills/setid-probe"));

            var (exit, stdout, stderr) = await Run(plan, "/app/skills/setid-probe /workspace/extra/webapp && /app/skills/setid-probe /workspace/skill-data");

            Assert.True(exit == 0, stdout + stderr);
            var results = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToList();
            Assert.Equal(2 * 16, results.Count);
            foreach (var r in results)
            {
                if (r[0].StartsWith("control-", StringComparison.Ordinal))
                {
                    Assert.True(r[1] == "OK", string.Join(' ', r) + " (ordinary creation and chmod must keep working)");
                }
                else
                {
                    // EPERM from the mode filters; ENOSYS for the calls refused whole (openat2, fchmodat2, io_uring).
                    Assert.True(r[1] is "EPERM" or "ENOSYS", string.Join(' ', r));
                }
            }

            Assert.Contains(new[] { "openat2-creat-4755", "ENOSYS" }, results);
            Assert.Contains(new[] { "io_uring_setup", "ENOSYS" }, results);
            Assert.Contains(new[] { "open-creat-4755", "EPERM" }, results);
            Assert.True(File.Exists(Path.Join(Host.Home, "projects/webapp/plain")));
            Assert.False(File.Exists(Path.Join(Host.Home, "projects/webapp/o1")));
            Assert.Empty(DangerousFilesOnTheHost());
        }

        [Fact]
        public async Task Extracting_an_archive_with_setuid_entries_leaves_no_setuid_file_on_the_host()
        {
            var plan = PlanWithProject();
            var archive = Path.Join(Host.DataRoot, "container/skills/payload.tar");
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
            using (var stream = File.Create(archive))
            using (var tar = new TarWriter(stream, TarEntryFormat.Ustar))
            {
                foreach (var (name, mode) in new[] { ("plain", 0b000_110_100_100), ("suid-sh", 0b100_111_101_101), ("sgid-sh", 0b010_111_101_101) })
                {
                    var entry = new UstarTarEntry(TarEntryType.RegularFile, name) { Mode = (UnixFileMode)mode, DataStream = new MemoryStream(new byte[] { 0x7f, 0x45, 0x4c, 0x46 }) };
                    tar.WriteEntry(entry);
                }
            }

            var (_, stdout, stderr) = await Run(plan, "cd /workspace/extra/webapp && tar xf /app/skills/payload.tar; ls -ln");

            Assert.True(File.Exists(Path.Join(Host.Home, "projects/webapp/plain")), stdout + stderr);
            Assert.Contains("tar: can't open 'suid-sh': Operation not permitted", stderr); // busybox tar creates with the entry's mode
            Assert.Empty(DangerousFilesOnTheHost());
        }

        [Fact]
        public async Task Chown_to_root_and_device_nodes_fail()
        {
            var plan = PlanWithProject();
            const string D = "/workspace/extra/webapp";
            var script = $"cp /bin/busybox {D}/x" +
                $"; chown 0:0 {D}/x 2>&1; echo chown=$?" +
                $"; chgrp 0 {D}/x 2>&1; echo chgrp=$?" +
                $"; mknod {D}/mem c 1 1 2>&1; echo mknod-c=$?" +
                $"; mknod {D}/disk b 8 0 2>&1; echo mknod-b=$?";

            var (exit, stdout, _) = await Run(plan, script);

            Assert.Equal(0, exit);
            foreach (var op in new[] { "chown", "chgrp", "mknod-c", "mknod-b" })
            {
                Assert.Contains(op + "=1", stdout);
            }

            Assert.Contains("Operation not permitted", stdout);
            var stat = HostFiles.Lstat(Path.Join(Host.Home, "projects/webapp/x"))!.Value;
            Assert.Equal((_user.Uid, _user.Gid), (stat.Uid, stat.Gid));
            Assert.False(File.Exists(Path.Join(Host.Home, "projects/webapp/mem")));
            Assert.False(File.Exists(Path.Join(Host.Home, "projects/webapp/disk")));
            Assert.Empty(DangerousFilesOnTheHost());
        }

        [Fact]
        public async Task A_fork_bomb_stops_at_the_pids_limit_and_the_container_is_gone_afterwards()
        {
            var plan = TestHost.Plan("main") with { Limits = new ResourceLimits(64, 256L << 20) };
            // The bomb runs in a subshell; the outer shell reports with builtins only (read/echo need no fork).
            const string Script = "read max < /sys/fs/cgroup/pids/pids.max; echo max=$max" +
                "; ( while true; do sleep 600 & done ) 2>/dev/null; echo bomb-exit=$?" +
                "; read cur < /sys/fs/cgroup/pids/pids.current; echo current=$cur" +
                "; while read l; do echo \"events: $l\"; done < /sys/fs/cgroup/pids/pids.events";
            var watch = Stopwatch.StartNew();

            var (exit, stdout, _) = await Run(plan, Script);

            Assert.Equal(0, exit);
            Assert.Contains("max=64\n", stdout);
            Assert.Contains("bomb-exit=2\n", stdout); // the subshell died on "can't fork"
            var current = int.Parse(stdout.Split('\n').Single(l => l.StartsWith("current=", StringComparison.Ordinal)).Substring(8));
            Assert.InRange(current, 32, 64);
            Assert.Matches("events: max [1-9]", stdout);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the sleeps must die with the container, not run their 600 s");
            Assert.Empty(await Engine.ListAsync());

            // The host still forks.
            using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        [Fact]
        public async Task A_memory_hog_is_killed_at_the_memory_limit_with_exit_137()
        {
            var plan = TestHost.Plan("main") with { Limits = new ResourceLimits(64, 32L << 20) };

            // tail keeps a "line" of /dev/zero in memory while it grows, never ending.
            var (exit, stdout, _) = await Run(plan, "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null; exec tail /dev/zero");

            Assert.Equal(137, exit);
            Assert.StartsWith((32L << 20).ToString() + "\n", stdout);
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task Files_the_agent_writes_belong_to_the_container_user_and_its_folders_stay_private()
        {
            var plan = PlanWithProject();
            var targets = new[] { "/workspace/x", "/workspace/skill-data/x", "/workspace/agent/x", "/home/node/.claude/x", "/workspace/extra/webapp/x" };

            var (exit, _, stderr) = await Run(plan, string.Join(" && ", targets.Select(t => $"echo hi > {t}")) + " && echo '{}' > /home/node/.claude/settings.json");

            Assert.True(exit == 0, stderr);
            var data = Path.Join(Host.DataRoot, "data/v2-sessions/main");
            var hostPaths = new[] { "default/x", "skill-data/x", ".claude-shared/x", ".claude-shared/settings.json" }.Select(p => Path.Join(data, p))
                .Concat(new[] { Path.Join(Host.DataRoot, "groups/main/x"), Path.Join(Host.Home, "projects/webapp/x") });
            foreach (var path in hostPaths)
            {
                var stat = HostFiles.Lstat(path)!.Value;
                Assert.True((stat.Uid, stat.Gid) == (_user.Uid, _user.Gid), $"{path} belongs to {stat.Uid}:{stat.Gid}");
            }

            foreach (var dir in new[] { "default", "skill-data", ".claude-shared", ".claude-shared/skills" }.Select(p => Path.Join(data, p)).Append(Path.Join(Host.DataRoot, "groups/main")))
            {
                var stat = HostFiles.Lstat(dir)!.Value;
                Assert.Equal((_user.Uid, GroupInit.PrivateDirectoryMode), (stat.Uid, stat.Permissions));
            }

            // What the agent must not own: its group's data folder (never mounted) and the read-only sources.
            Assert.Equal(HostFiles.EffectiveUid, HostFiles.Lstat(data)!.Value.Uid);
            Assert.Equal(HostFiles.EffectiveUid, HostFiles.Lstat(Path.Join(Host.DataRoot, "groups/main/container.json"))!.Value.Uid);
            Assert.Equal(HostFiles.EffectiveUid, HostFiles.Lstat(Path.Join(Host.DataRoot, "groups/global"))!.Value.Uid);
        }

        [Fact]
        public async Task A_local_user_with_the_container_uid_cannot_reach_what_the_agent_wrote_in_its_folders()
        {
            Assert.True(HostFiles.IsRoot, "this test switches to the container uid with setpriv, which needs root");
            var (exit, _, _) = await Run(TestHost.Plan("main"), "echo secret > /workspace/agent/notes.md; echo secret > /workspace/skill-data/token; echo secret > /home/node/.claude/x");
            Assert.Equal(0, exit);

            // The same uid as the container user, on the host (uid 1000 is often a real account): it owns the files,
            // but every folder above them is root's and private, so it cannot reach them.
            foreach (var file in new[] { "groups/main/notes.md", "data/v2-sessions/main/skill-data/token", "data/v2-sessions/main/.claude-shared/x" })
            {
                var info = new ProcessStartInfo("setpriv", new[] { $"--reuid={_user.Uid}", $"--regid={_user.Gid}", "--clear-groups", "cat", Path.Join(Host.DataRoot, file) }) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                using var cat = Process.Start(info)!;
                var stdout = cat.StandardOutput.ReadToEnd();
                var stderr = cat.StandardError.ReadToEnd();
                cat.WaitForExit();
                Assert.True(cat.ExitCode != 0 && stdout.Length == 0, $"{file}: {stdout}");
                Assert.Contains("Permission denied", stderr);
            }
        }

        [Fact]
        public async Task Read_only_sources_are_readable_by_the_container_user_and_not_writable()
        {
            var (exit, stdout, _) = await Run(TestHost.Plan("main"), "cat /workspace/agent/container.json >/dev/null && echo read-json; ls /workspace/global /app/skills /app/src >/dev/null && echo read-dirs; for f in /workspace/agent/container.json /workspace/global/x /app/skills/x /app/src/x; do echo hi > $f 2>/dev/null && echo \"WROTE $f\"; chmod 777 $f 2>/dev/null && echo \"CHMOD $f\"; done; true");

            Assert.Equal(0, exit);
            Assert.Equal("read-json\nread-dirs\n", stdout);
        }

        [Fact]
        public async Task Uid_0_is_refused_at_run_time_whatever_its_source_and_nothing_starts()
        {
            var plan = TestHost.Plan("main");

            var fromOverride = await Assert.ThrowsAsync<RuntimeError>(() => Run(plan, "id", new ContainerUser(0, 0)));
            var fromPlan = await Assert.ThrowsAsync<RuntimeError>(() => Run(plan with { User = new ContainerUser(1000, 0) }, "id"));
            var fromSpec = Assert.Throws<RuntimeError>(() => Engine.BuildCreateParameters(new LaunchSpec("main", "r", TestHost.Image, Array.Empty<ResolvedBind>(), Array.Empty<EnvVar>()) { User = new ContainerUser(0, 1000) }));

            Assert.Contains("the container user 0:0 from the run's user override is uid 0 (root); containers never run as root", fromOverride.Message);
            Assert.Contains("1000:0 from groups.yaml has gid 0 (the root group)", fromPlan.Message);
            Assert.Contains("the container user 0:1000 is uid 0 (root)", fromSpec.Message);
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task Limits_outside_the_range_in_a_hand_built_plan_are_refused_at_run_time()
        {
            var error = await Assert.ThrowsAsync<RuntimeError>(() => Run(TestHost.Plan("main") with { Limits = new ResourceLimits(0, 2L << 30) }, "true"));

            Assert.Contains("the pids limit 0 is below 16 (0 and -1 would mean unlimited)", error.Message);
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task A_read_write_operator_mount_the_container_user_cannot_write_is_refused_not_silently_read_only()
        {
            Host.WriteDefaultAllowlist();
            var webapp = Host.HomeDir("projects/webapp"); // the operator's (root's), 0755
            var plan = TestHost.Plan("main", true, TestHost.Op("webapp", "~/projects/webapp", readOnly: false));

            var error = await Assert.ThrowsAsync<HostCheckFailedException>(() => Run(plan, "touch /workspace/extra/webapp/x"));

            Assert.Contains($"mount 'webapp' (/workspace/extra/webapp): the container runs as {_user}, which cannot write {webapp}", error.Message);
            Assert.Contains($"chown {_user} '{webapp}'", error.Message);
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public void The_create_parameters_carry_the_hardening_and_the_limits()
        {
            var spec = new LaunchSpec("main", "r", TestHost.Image, Array.Empty<ResolvedBind>(), Array.Empty<EnvVar>()) { User = new ContainerUser(1234, 5678), Limits = new ResourceLimits(100, 300L << 20) };

            var p = Engine.BuildCreateParameters(spec);

            Assert.Equal("1234:5678", p.User);
            Assert.Equal(new[] { "ALL" }, p.HostConfig!.CapDrop);
            Assert.Equal("no-new-privileges", p.HostConfig.SecurityOpt[0]);
            Assert.StartsWith("seccomp={", p.HostConfig.SecurityOpt[1]);
            Assert.Equal((100L, 300L << 20, 300L << 20), (p.HostConfig.PidsLimit!.Value, p.HostConfig.Memory, p.HostConfig.MemorySwap));
        }
    }
}
