using System;
using System.IO;
using System.Runtime.InteropServices;

namespace AgentSpec.Runtime;

/// <summary>
/// statvfs(3) of the file system holding a path, and the mount point it is mounted on (the highest folder above the
/// path on the same device): what a disk fault message names.
/// </summary>
internal readonly record struct FileSystemSpace(string MountPoint, bool ReadOnly, long FreeBytes, long FreeInodes, long TotalInodes)
{
    private const ulong ST_RDONLY = 1;

    /// <summary>The file system of <paramref name="path"/> (or of its nearest existing folder above); null when it cannot be read.</summary>
    public static FileSystemSpace? Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var existing = Path.GetFullPath(path);
        while (HostFiles.Lstat(existing) is null && Path.GetDirectoryName(existing) is { } up)
        {
            existing = up;
        }

        // struct statvfs on 64-bit Linux: bsize, frsize, blocks, bfree, bavail, files, ffree, favail, fsid, flag, namemax (8 bytes each).
        var buffer = new byte[256];
        if (statvfs(existing, buffer) != 0)
        {
            return null;
        }

        ulong Field(int i) => BitConverter.ToUInt64(buffer, i * 8);
        var frsize = Field(1);
        return new FileSystemSpace(
            MountPointOf(existing),
            (Field(9) & ST_RDONLY) != 0,
            (long)Math.Min(Field(4) * frsize, long.MaxValue),
            (long)Math.Min(Field(7), long.MaxValue),
            (long)Math.Min(Field(5), long.MaxValue));
    }

    /// <summary>"12 KiB", "3.4 MiB": for messages.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.#} GiB",
    };

    private static string MountPointOf(string path)
    {
        var device = HostFiles.Lstat(path)?.Device;
        var current = path;
        while (Path.GetDirectoryName(current) is { } up && HostFiles.Lstat(up)?.Device == device)
        {
            current = up;
        }

        return current;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int statvfs(string path, byte[] buffer);
}
