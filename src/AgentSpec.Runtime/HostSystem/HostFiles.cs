using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime;

/// <summary>
/// The few POSIX calls .NET has no API for, in one place: the facts of an entry without following a link (statx),
/// chown without following links, who we are. Linux only.
/// </summary>
internal static class HostFiles
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The effective uid of this process.</summary>
    public static long EffectiveUid => OperatingSystem.IsLinux() ? geteuid() : -1;

    /// <summary>The effective gid of this process.</summary>
    public static long EffectiveGid => OperatingSystem.IsLinux() ? getegid() : -1;

    /// <summary>True when agentspec runs as root (and so can hand folders over to the container user).</summary>
    public static bool IsRoot => EffectiveUid == 0;

    /// <summary>lstat: the entry itself (a final symlink is not followed); null when it does not exist.</summary>
    public static EntryFacts? Lstat(string path)
    {
        var buffer = NewBuffer();
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? null : throw new IOException($"cannot stat {path} (errno {errno})"); // ENOENT, ENOTDIR
        }

        return Decode(buffer);
    }

    /// <summary>fstatat relative to an open directory: entry <paramref name="name"/> itself (a link is not followed); null when it does not exist.</summary>
    public static EntryFacts? StatAt(SafeFileHandle directory, string name)
    {
        var buffer = NewBuffer();
        var added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            if (statx((int)directory.DangerousGetHandle(), name, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is 2 or 20 ? null : throw new IOException($"cannot stat {name} (errno {errno})");
            }
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }

        return Decode(buffer);
    }

    /// <summary>fstat: the entry an open handle refers to.</summary>
    public static EntryFacts Fstat(SafeFileHandle handle)
    {
        var buffer = NewBuffer();
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, buffer) != 0)
            {
                throw new IOException($"cannot stat an open file (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return Decode(buffer);
    }

    /// <summary>lchown(2): gives <paramref name="path"/> (never a link's target) to uid:gid.</summary>
    public static void Chown(string path, long uid, long gid)
    {
        if (lchown(path, (uint)uid, (uint)gid) != 0)
        {
            throw new RuntimeError($"cannot give '{path}' to {uid}:{gid} (errno {Marshal.GetLastPInvokeError()}); check that the data root is on a file system that keeps owners");
        }
    }

    private static byte[] NewBuffer() =>
        OperatingSystem.IsLinux() ? new byte[256] : throw new RuntimeError("AgentSpec's runtime needs Linux (statx); this host is not supported");

    // struct statx has the same layout on every Linux architecture.
    private static EntryFacts Decode(byte[] b)
    {
        var nlink = BitConverter.ToUInt32(b, 16);
        var uid = BitConverter.ToUInt32(b, 20);
        var gid = BitConverter.ToUInt32(b, 24);
        var mode = BitConverter.ToUInt16(b, 28);
        var inode = BitConverter.ToUInt64(b, 32);
        var size = BitConverter.ToInt64(b, 40);
        var device = ((ulong)BitConverter.ToUInt32(b, 136) << 32) | BitConverter.ToUInt32(b, 140);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => EntryKind.RegularFile,
            0x4000 => EntryKind.Directory,
            0xA000 => EntryKind.SymbolicLink,
            0x2000 => EntryKind.CharacterDevice,
            0x6000 => EntryKind.BlockDevice,
            0x1000 => EntryKind.Fifo,
            0xC000 => EntryKind.Socket,
            _ => EntryKind.Unknown,
        };
        return new EntryFacts(kind, uid, gid, mode & 0xFFF, size, device, inode, nlink) { ModifiedSeconds = BitConverter.ToInt64(b, 112) };
    }

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    [DllImport("libc", SetLastError = true)]
    private static extern uint getegid();

    [DllImport("libc", SetLastError = true)]
    private static extern int lchown(string path, uint owner, uint group);

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
