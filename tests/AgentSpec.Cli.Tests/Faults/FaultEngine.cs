using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AgentSpec.Cli.Tests.Faults;

/// <summary>
/// A second Docker engine of the fault suite's own (vfs, its own socket, data root, exec root and pid file below one
/// fresh folder), never the shared one: the suite stops, kills, freezes and restarts THIS engine, by its pid file.
/// The test image is copied into it with `docker save | docker load`. Dispose always tears it down: the engine, its
/// containerd and container shims (the processes whose command line names this engine's folder), its mounts, its files.
/// </summary>
public sealed class FaultEngine : IAsyncLifetime
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    /// <summary>Short: a unix socket path must stay under 108 bytes.</summary>
    public string Root { get; } = Path.Join("/tmp", "asf-" + Guid.NewGuid().ToString("N")[..10]);

    public string Socket => Path.Join(Root, "d.sock");

    public string Endpoint => "unix://" + Socket;

    private string PidFile => Path.Join(Root, "d.pid");

    private string Log => Path.Join(Root, "dockerd.log");

    public string? Problem { get; private set; }

    public void Require()
    {
        if (Problem is not null)
        {
            Assert.Fail($"The fault suite starts a second Docker engine (dockerd as root, vfs) and needs the image {EngineFixture.Image} on the shared one; run `bash .ci/docker-setup.sh` first. {Problem}");
        }
    }

    public async Task InitializeAsync()
    {
        try
        {
            Directory.CreateDirectory(Root);
            await StartAsync();
            var load = await ShAsync($"docker save {EngineFixture.Image} | DOCKER_HOST={Endpoint} docker load");
            Problem = load.Code == 0 ? null : $"loading the image failed: {load.Output}";
        }
        catch (Exception e)
        {
            Problem = e.Message;
        }
    }

    /// <summary>Starts dockerd (again) on this engine's folders and waits until it answers.</summary>
    public async Task StartAsync()
    {
        var command = $"exec dockerd --host {Endpoint} --data-root {Root}/data --exec-root {Root}/exec --pidfile {PidFile} " +
            $"--storage-driver=vfs --iptables=false --bridge=none >>{Log} 2>&1";
        using (Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", command]) { UseShellExecute = false }))
        {
        }

        var clock = Stopwatch.StartNew();
        while ((await ShAsync($"DOCKER_HOST={Endpoint} docker info >/dev/null 2>&1")).Code != 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"the fault engine did not answer within 60 s; its log: {TailOfLog()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Sends <paramref name="signal"/> to this engine's dockerd (by its pid file).</summary>
    public void Signal(int signal)
    {
        if (Pid() is { } pid)
        {
            kill(pid, signal);
        }
    }

    /// <summary>
    /// SIGTERM or SIGKILL to dockerd, then waits until it is gone. After a SIGKILL its managed containerd (which a
    /// service manager would take down with it) is killed too, by its pid file, so a restart gets a fresh one; the
    /// container shims live on, as they do when dockerd crashes.
    /// </summary>
    public async Task StopAsync(int signal)
    {
        Signal(SIGCONT);
        Signal(signal);
        await WaitGoneAsync(Pid());
        var pidFile = Path.Join(Root, "exec", "containerd", "containerd.pid");
        if (ReadPid(pidFile) is { } containerd)
        {
            if (signal == SIGKILL)
            {
                kill(containerd, SIGKILL);
            }

            await WaitGoneAsync(containerd);
            // Orphans may stay zombies here (no reaping init): dockerd would take that pid for a live containerd.
            File.Delete(pidFile);
        }
    }

    private static async Task WaitGoneAsync(int? pid)
    {
        var clock = Stopwatch.StartNew();
        while (pid is { } p && Directory.Exists($"/proc/{p}") && !IsZombie(p))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20))
            {
                kill(p, SIGKILL);
            }

            await Task.Delay(100);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static int? ReadPid(string file) => File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;

    /// <summary>`docker ARGS` against this engine.</summary>
    public Task<(int Code, string Output)> DockerAsync(string args) => ShAsync($"DOCKER_HOST={Endpoint} docker {args} 2>&1");

    public async Task DisposeAsync()
    {
        await StopAsync(SIGTERM);
        // What dockerd leaves when it dies: its containerd and the shims of running containers, all naming this folder.
        foreach (var pid in ProcessesNaming(Root))
        {
            kill(pid, SIGKILL);
        }

        await Task.Delay(300);
        foreach (var mount in File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1]).Where(m => m.StartsWith(Root + "/", StringComparison.Ordinal)).Reverse())
        {
            umount2(mount, 2); // MNT_DETACH
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            await ShAsync($"rm -rf {Root}");
        }
    }

    private static IEnumerable<int> ProcessesNaming(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string cmdline;
            try
            {
                cmdline = File.ReadAllText(Path.Join(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }

            if (cmdline.Contains(root + "/", StringComparison.Ordinal))
            {
                yield return pid;
            }
        }
    }

    private static async Task<(int Code, string Output)> ShAsync(string script)
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private int? Pid() => ReadPid(PidFile);

    private string TailOfLog() => File.Exists(Log) ? string.Join('\n', File.ReadLines(Log).TakeLast(10)) : "(no log)";

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    private static extern int umount2(string target, int flags);
}
