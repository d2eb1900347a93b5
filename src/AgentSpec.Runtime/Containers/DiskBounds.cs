using System.Collections.Generic;
using System.Globalization;
using AgentSpec.Model;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime;

/// <summary>
/// What an agent can put on the host's disk, bounded: the root file system is read-only, scratch space is
/// memory-backed tmpfs of the plan's sizes (/tmp, and /home/node under the host-managed .claude bind), and the
/// engine keeps at most <see cref="ResourceLimits.LogBytes"/> of the container's output in rotated files.
/// One place, read by the launcher, `plan`, `audit` and the Kubernetes renderer.
/// </summary>
internal static class DiskBounds
{
    /// <summary>Scratch space of tools and of Claude Code; world-writable with the sticky bit, as on any host.</summary>
    public const string TmpPath = "/tmp";

    /// <summary>The container user's home ($HOME in NanoClaw's image); the .claude bind lies below it.</summary>
    public const string HomePath = HostManagedMounts.HomeContainerPath;

    /// <summary>
    /// json-file, the engine's default and what `docker logs` reads everywhere; the bound comes from max-size and
    /// max-file, which the engine checks before every write (a file can pass max-size by one message, 16 KiB at most).
    /// </summary>
    public const string LogDriver = "json-file";

    /// <summary>
    /// Mount options of both scratch tmpfs: nosuid and nodev (no setuid file or device node means anything there).
    /// exec is kept on purpose: /workspace and skill-data are read-write binds where the agent can run what it
    /// writes anyway, so noexec would protect nothing and break tools that unpack native modules into /tmp.
    /// </summary>
    public const string ScratchOptions = "rw,exec,nosuid,nodev";

    /// <summary>The engine's Tmpfs map: /tmp (1777) and /home/node (0700, owned by the container user).</summary>
    public static IDictionary<string, string> Tmpfs(ContainerUser user, ResourceLimits limits) => new Dictionary<string, string>
    {
        [TmpPath] = $"{ScratchOptions},size={Bytes(limits.TmpBytes)},mode=1777",
        [HomePath] = $"{ScratchOptions},size={Bytes(limits.HomeBytes)},mode=0700,uid={Bytes(user.Uid)},gid={Bytes(user.Gid)}",
    };

    /// <summary>The engine's log configuration: <see cref="ResourceLimits.LogFiles"/> files of an equal share of the bound.</summary>
    public static LogConfig Log(ResourceLimits limits) => new()
    {
        Type = LogDriver,
        Config = new Dictionary<string, string>
        {
            ["max-size"] = Bytes(limits.LogFileBytes),
            ["max-file"] = Bytes(ResourceLimits.LogFiles),
        },
    };

    /// <summary>The disk line of `plan`: "root file system read-only; /tmp tmpfs 256m, /home/node tmpfs 256m; log json-file 3 x 10m (30m at most)".</summary>
    public static string Describe(ResourceLimits limits) =>
        $"root file system read-only; {TmpPath} tmpfs {limits.Tmp}, {HomePath} tmpfs {limits.Home} (memory-backed, nosuid, nodev); " +
        $"log {LogDriver} {Bytes(ResourceLimits.LogFiles)} x {ResourceLimits.FormatMemory(limits.LogFileBytes)} ({limits.Logs} at most on the host)";

    private static string Bytes(long value) => value.ToString(CultureInfo.InvariantCulture);
}
