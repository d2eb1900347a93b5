using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace AgentSpec.Runtime;

/// <summary>
/// Disk and permission faults of the data root that would make a spawn fail half way: a read-only file system, a
/// full one (no space or no inodes), a data root the invoking user may not write. Each names the path, the
/// condition and the fix that works (`agentspec init` does not fix any of them). Checked before group-init and by
/// `doctor`; <see cref="Describe"/> translates the errno of a write that still failed.
/// </summary>
internal static class DiskFaults
{
    /// <summary>Below this much free space a spawn is refused: group-init, the lock and the agent's first writes need a little.</summary>
    public const long MinimumFreeBytes = 1024 * 1024;

    public const int EACCES = 13;
    public const int EPERM = 1;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int EDQUOT = 122;

    private const int W_OK = 2;
    private const int X_OK = 1;

    /// <summary>The disk problems of <paramref name="dataRoot"/> (or, when it does not exist yet, of the folder it would be created in).</summary>
    public static IReadOnlyList<DataRootProblem> Problems(string dataRoot)
    {
        var problems = new List<DataRootProblem>();
        var full = Path.GetFullPath(dataRoot).TrimEnd('/');
        if (FileSystemSpace.Of(full) is not { } space)
        {
            return problems;
        }

        if (space.ReadOnly)
        {
            problems.Add(ReadOnly($"the data root {full}", space));
            return problems;
        }

        if (space.FreeBytes < MinimumFreeBytes || (space.TotalInodes > 0 && space.FreeInodes == 0))
        {
            problems.Add(Full(full, space));
        }

        var existing = full;
        while (HostFiles.Lstat(existing) is null && Path.GetDirectoryName(existing) is { } up)
        {
            existing = up;
        }

        if (access(existing, W_OK | X_OK) != 0 && Marshal.GetLastPInvokeError() is EACCES or EPERM)
        {
            var facts = HostFiles.Lstat(existing);
            problems.Add(new DataRootProblem(
                $"agentspec runs as uid {HostFiles.EffectiveUid}, which may not write {existing} (owner {facts?.Uid}:{facts?.Gid}, mode {facts?.Octal})"
                + (existing == full ? string.Empty : $", where the data root {full} would be created"),
                $"run agentspec as the owner of {existing}, or give it to uid {HostFiles.EffectiveUid} (chown {HostFiles.EffectiveUid} " +
                    $"'{existing}'), or choose another data root (--data-dir or AGENTSPEC_DATA_DIR)"));
        }

        return problems;
    }

    /// <summary>
    /// The message of a write below the data root that failed with <paramref name="errno"/> (what was being done to
    /// <paramref name="path"/>); null for an errno that is not a disk or permission fault.
    /// </summary>
    public static string? Describe(string what, string path, int errno)
    {
        var space = FileSystemSpace.Of(path);
        return errno switch
        {
            EROFS => $"{what} '{path}' failed: {ReadOnly("it", space)}",
            ENOSPC or EDQUOT => $"{what} '{path}' failed: {Full("it", space, errno == EDQUOT)}",
            EACCES or EPERM => $"{what} '{path}' failed: permission denied for uid {HostFiles.EffectiveUid}. Fix: run agentspec as the data " +
                $"root's owner, or restore the owner and mode of '{Path.GetDirectoryName(path)}' (chown/chmod)",
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="e"/> is a disk fault (ENOSPC, EROFS, EDQUOT) reported by .NET as an IOException.</summary>
    public static int? Errno(Exception e) => e is IOException io && (io.HResult & 0xFFFF) is ENOSPC or EROFS or EDQUOT ? io.HResult & 0xFFFF : null;

    private static DataRootProblem ReadOnly(string subject, FileSystemSpace? space) => new(
        $"{subject} is on a read-only file system (mounted at {space?.MountPoint ?? "?"})",
        $"remount it read-write (mount -o remount,rw {space?.MountPoint ?? "MOUNTPOINT"}) or choose a data root on a writable file system " +
            $"(--data-dir or AGENTSPEC_DATA_DIR); `agentspec init` cannot help: it needs to write there too");

    private static DataRootProblem Full(string path, FileSystemSpace? space, bool quota = false) => new(
        quota
            ? $"the disk quota of the file system holding {path} is used up"
            : $"the file system holding {path} (mounted at {space?.MountPoint ?? "?"}) is full: " +
                $"{FileSystemSpace.Size(space?.FreeBytes ?? 0)} free, {space?.FreeInodes ?? 0} inodes free; a spawn needs at least " +
                    $"{FileSystemSpace.Size(MinimumFreeBytes)}",
        $"free space on {space?.MountPoint ?? "it"} (`agentspec sessions GROUP` shows each session's size; `agentspec sessions prune GROUP " +
            $"--older-than 30d` removes old session folders), or choose a data root with room (--data-dir)");

    [DllImport("libc", SetLastError = true)]
    private static extern int access(string path, int mode);
}
