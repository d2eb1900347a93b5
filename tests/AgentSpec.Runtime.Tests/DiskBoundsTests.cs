using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine, the agent tries to fill the host's disk: by printing without end (the engine's log of
    /// the container) and by writing without end to the root file system, /tmp and /home/node. Each test performs the
    /// attack and measures on the host, while the container still runs, what it left under the engine's data root.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class DiskBoundsTests : EngineTest
    {
        private const long Mi = 1024 * 1024;

        /// <summary>How far past max-size one rotated log file may get: the engine checks before each write, and one message is at most 16 KiB of output, ~64 KiB as JSON.</summary>
        private const long LogSlackPerFile = 64 * 1024;

        public DiskBoundsTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private string Session => Path.Join(Host.DataRoot, "data/v2-sessions/main/default");

        [Fact]
        public async Task A_container_that_prints_without_end_keeps_at_most_its_log_bound_on_the_host()
        {
            var limits = ResourceLimits.Default with { LogBytes = 3 * Mi };
            var plan = TestHost.Plan("main") with { Limits = limits };
            // Lines of 1 MiB of 'y', for ever; run's own output is discarded (counted only), as an operator's /dev/null.
            const string Script = "while true; do head -c 1048576 /dev/zero | tr '\\0' y; echo; done";
            var printed = new CountingWriter();
            using var cancel = new CancellationTokenSource();
            var run = Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", Script }, StopTimeout = TimeSpan.FromSeconds(1) }, new GroupOutput(printed, TextWriter.Null), cancel.Token);

            long largest = 0;
            string? logPath = null;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
            try
            {
                // Until the agent printed 8 times the bound (or two minutes passed), sum the container's log files on the host.
                while (printed.Count < 8 * limits.LogBytes && DateTime.UtcNow < deadline && !run.IsCompleted)
                {
                    logPath ??= await LogPathAsync();
                    if (logPath is not null)
                    {
                        largest = Math.Max(largest, LogBytesOnHost(logPath));
                    }

                    await Task.Delay(50);
                }

                largest = Math.Max(largest, logPath is null ? 0 : LogBytesOnHost(logPath));
            }
            finally
            {
                cancel.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            }

            Assert.True(printed.Count >= 8 * limits.LogBytes, $"the attack must have run: the agent printed {printed.Count} bytes in two minutes");
            Assert.NotNull(logPath);
            Assert.True(largest > 0, "the engine must have kept a log (docker logs still works)");
            var bound = limits.LogBytes + (ResourceLimits.LogFiles * LogSlackPerFile);
            Assert.True(largest <= bound, $"the container's log reached {largest} bytes on the host after {printed.Count} bytes printed; the bound is {limits.LogBytes} (+ {bound - limits.LogBytes} slack)");
            Assert.Empty(await Engine.ListAsync());
        }

        [Fact]
        public async Task Writing_without_end_to_root_tmp_and_home_is_refused_or_stops_at_the_tmpfs_size_and_the_host_disk_does_not_grow()
        {
            var limits = ResourceLimits.Default with { TmpBytes = 8 * Mi, HomeBytes = 8 * Mi };
            var plan = TestHost.Plan("main") with { Limits = limits };
            // Each write is capped at 64 MiB (8 times the bound) so that a run without the defence does not fill the shared disk.
            var script = string.Join("; ", new[] { "/fill", "/etc/fill", "/tmp/fill", "/home/node/fill" }.Select(f =>
                    $"dd if=/dev/zero of={f} bs=1048576 count=64 2>/workspace/err; rc=$?; echo \"{f} rc=$rc size=$(cat {f} 2>/dev/null | wc -c) $(grep -o 'Read-only file system\\|No space left on device' /workspace/err | head -n 1)\"; rm -f /workspace/err"))
                + "; echo hi > /home/node/.claude/beside-the-tmpfs && echo claude-bind-ok"
                + "; : > /workspace/written; i=0; while [ ! -e /workspace/stop ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done";
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var run = Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", script } }, new GroupOutput(stdout, stderr));

            long grown;
            try
            {
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
                while (!File.Exists(Path.Join(Session, "written")) && !run.IsCompleted && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }

                Assert.True(File.Exists(Path.Join(Session, "written")), "the writes must have finished: " + stdout + stderr);
                grown = await LayerGrowthAsync();
            }
            finally
            {
                File.WriteAllText(Path.Join(Session, "stop"), string.Empty);
                Assert.True(await run is { ExitCode: 0 } r, stdout.ToString() + stderr);
            }

            Assert.True(grown < Mi, $"the container's writable layer on the host grew by {grown} bytes beyond the image");
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("/fill rc=1 size=0 Read-only file system", lines);
            Assert.Contains("/etc/fill rc=1 size=0 Read-only file system", lines);
            foreach (var scratch in new[] { "/tmp/fill", "/home/node/fill" })
            {
                var line = lines.Single(l => l.StartsWith(scratch + " ", StringComparison.Ordinal));
                Assert.EndsWith("No space left on device", line);
                var size = long.Parse(line.Split(' ')[2].Substring("size=".Length));
                Assert.InRange(size, 7 * Mi, 8 * Mi);
            }

            Assert.Contains("claude-bind-ok", lines);
            Assert.Equal("hi\n", File.ReadAllText(Path.Join(Host.DataRoot, "data/v2-sessions/main/.claude-shared/beside-the-tmpfs")));
        }

        [Fact]
        public void The_create_parameters_carry_the_disk_bounds()
        {
            var limits = ResourceLimits.Default with { TmpBytes = 64 * Mi, HomeBytes = 1024 * Mi, LogBytes = 60 * Mi };
            var spec = new LaunchSpec("main", "r", TestHost.Image, Array.Empty<ResolvedBind>(), Array.Empty<EnvVar>()) { User = new ContainerUser(1234, 5678), Limits = limits };

            var host = Engine.BuildCreateParameters(spec).HostConfig!;

            Assert.True(host.ReadonlyRootfs);
            Assert.Equal("rw,exec,nosuid,nodev,size=67108864,mode=1777", host.Tmpfs!["/tmp"]);
            Assert.Equal("rw,exec,nosuid,nodev,size=1073741824,mode=0700,uid=1234,gid=5678", host.Tmpfs!["/home/node"]);
            Assert.Equal("json-file", host.LogConfig.Type);
            Assert.Equal(new Dictionary<string, string> { ["max-size"] = (20 * Mi).ToString(), ["max-file"] = "3" }, host.LogConfig.Config);
        }

        [Fact]
        public async Task The_engine_applies_the_read_only_root_the_scratch_tmpfs_and_the_log_configuration()
        {
            var (exit, stdout) = await Run(TestHost.Plan("main"), "grep -E ' (/|/tmp|/home/node|/home/node/.claude) ' /proc/mounts; touch /x 2>&1; ls -ld /tmp /home/node");

            Assert.Equal(0, exit);
            Assert.Matches(@"(?m)^\S+ / \S+ ro[ ,]", stdout);
            Assert.Matches(@"(?m)^tmpfs /tmp tmpfs rw,nosuid,nodev,relatime,size=262144k", stdout);
            Assert.Matches(@"(?m)^tmpfs /home/node tmpfs rw,nosuid,nodev,relatime,size=262144k,mode=700,uid=\d+,gid=\d+", stdout);
            Assert.Matches(@"(?m)^\S+ /home/node/.claude \S+ rw[ ,]", stdout); // the bind, mounted over the home tmpfs
            Assert.Contains("touch: /x: Read-only file system", stdout);
            Assert.Matches(@"(?m)^drwxrwxrwt .* /tmp$", stdout);
        }

        [Fact]
        public async Task Disk_limits_outside_the_range_in_a_hand_built_plan_are_refused_at_run_time()
        {
            foreach (var (limits, message) in new[]
            {
                (ResourceLimits.Default with { TmpBytes = 0 }, "the tmp size 0 bytes is below 1m"),
                (ResourceLimits.Default with { HomeBytes = 128L << 30 }, "the home size 137438953472 bytes is above 64g"),
                (ResourceLimits.Default with { LogBytes = 1024 }, "the logs bound 1024 bytes is below 3m"),
            })
            {
                var error = await Assert.ThrowsAsync<RuntimeError>(() => Run(TestHost.Plan("main") with { Limits = limits }, "true"));
                Assert.Contains(message, error.Message);
            }

            Assert.Empty(await Engine.ListAsync());
        }

        private async Task<(int Exit, string Out)> Run(GroupPlan plan, string script)
        {
            var stdout = new StringWriter();
            var result = await Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", script } }, new GroupOutput(stdout, stdout));
            return (result.ExitCode, stdout.ToString());
        }

        private static DockerClient Client() => new DockerClientBuilder().WithEndpoint(new Uri(DockerLauncher.DefaultEndpointFromEnvironment)).Build();

        /// <summary>The engine's log file of this test's running container, once it exists.</summary>
        private async Task<string?> LogPathAsync()
        {
            var container = (await Engine.ListAsync()).FirstOrDefault(c => c.State == "running");
            if (container is null)
            {
                return null;
            }

            using var client = Client();
            var inspected = await client.Containers.InspectContainerAsync(container.Id);
            return string.IsNullOrEmpty(inspected.LogPath) ? null : inspected.LogPath;
        }

        /// <summary>The log file and its rotated siblings (x-json.log, x-json.log.1, ...), summed.</summary>
        private static long LogBytesOnHost(string logPath)
        {
            var folder = Path.GetDirectoryName(logPath)!;
            var name = Path.GetFileName(logPath);
            return !Directory.Exists(folder) ? 0 : Directory.EnumerateFiles(folder, name + "*").Sum(f => new FileInfo(f).Exists ? new FileInfo(f).Length : 0);
        }

        /// <summary>
        /// How many bytes the running container's writable layer under the engine's data root holds beyond its image:
        /// with vfs the layer is a full copy of the image, with overlay2 only the changes.
        /// </summary>
        private async Task<long> LayerGrowthAsync()
        {
            var container = (await Engine.ListAsync()).Single(c => c.State == "running");
            using var client = Client();
            var info = await client.System.GetSystemInfoAsync();
            var mountId = File.ReadAllText(Path.Join(info.DockerRootDir, "image", info.Driver, "layerdb/mounts", container.Id, "mount-id")).Trim();
            var layer = info.Driver switch
            {
                "vfs" => Path.Join(info.DockerRootDir, "vfs/dir", mountId),
                "overlay2" => Path.Join(info.DockerRootDir, "overlay2", mountId, "diff"),
                var other => throw new InvalidOperationException($"storage driver {other}: add where it keeps a container's writable layer"),
            };
            var image = info.Driver == "vfs" ? (await client.Images.InspectImageAsync(TestHost.Image)).Size : 0;
            return BytesBelow(layer) - image;
        }

        /// <summary>Apparent size of every regular file below <paramref name="folder"/>, links not followed.</summary>
        private static long BytesBelow(string folder)
        {
            long total = 0;
            var pending = new Stack<string>(new[] { folder });
            while (pending.Count > 0)
            {
                foreach (var entry in new DirectoryInfo(pending.Pop()).EnumerateFileSystemInfos())
                {
                    if (entry.LinkTarget is not null)
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo dir)
                    {
                        pending.Push(dir.FullName);
                    }
                    else if (entry is FileInfo file)
                    {
                        total += file.Length;
                    }
                }
            }

            return total;
        }

        /// <summary>Discards what it is given and counts the characters (the output is ASCII: one per byte).</summary>
        private sealed class CountingWriter : TextWriter
        {
            private long _count;

            public long Count => Interlocked.Read(ref _count);

            public override Encoding Encoding => Encoding.UTF8;

            public override void Write(char value) => Interlocked.Increment(ref _count);

            public override void Write(char[] buffer, int index, int count) => Interlocked.Add(ref _count, count);

            public override void Write(ReadOnlySpan<char> buffer) => Interlocked.Add(ref _count, buffer.Length);

            public override void Write(string? value) => Interlocked.Add(ref _count, value?.Length ?? 0);
        }
    }
}
