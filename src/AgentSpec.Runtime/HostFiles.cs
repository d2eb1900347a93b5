using System;
using System.IO;
using System.Runtime.InteropServices;

namespace AgentSpec.Runtime
{
    /// <summary>Owner and mode of a host path, as lstat(2) reports them (symlinks are not followed).</summary>
    public readonly record struct FileOwnership(long Uid, long Gid, UnixFileMode Mode, bool IsDirectory, long LinkCount)
    {
        /// <summary>True when the user uid:gid may read (and, for a directory, enter) the path by its permission bits (ACLs are not read).</summary>
        public bool ReadableBy(long uid, long gid) => Allows(uid, gid, write: false);

        /// <summary>True when the user uid:gid may read and write (and, for a directory, enter) the path by its permission bits.</summary>
        public bool WritableBy(long uid, long gid) => Allows(uid, gid, write: true);

        private bool Allows(long uid, long gid, bool write)
        {
            // The owner's bits apply to the owner even when the group's or others' would allow more, as in the kernel.
            var shift = uid == Uid ? 6 : gid == Gid ? 3 : 0;
            var bits = ((int)Mode >> shift) & 7;
            return (bits & 4) != 0 && (!write || (bits & 2) != 0) && (!IsDirectory || (bits & 1) != 0);
        }
    }

    /// <summary>The few POSIX calls .NET has no API for: who owns a file, chown without following links, who we are. Linux only.</summary>
    public static class HostFiles
    {
        private const int AtFdCwd = -100;
        private const int AtSymlinkNoFollow = 0x100;
        private const uint StatxBasicStats = 0x7ff;

        /// <summary>The effective uid of this process.</summary>
        public static long EffectiveUid => OperatingSystem.IsLinux() ? geteuid() : -1;

        /// <summary>The effective gid of this process.</summary>
        public static long EffectiveGid => OperatingSystem.IsLinux() ? getegid() : -1;

        /// <summary>True when agentspec runs as root (and so can hand folders over to the container user).</summary>
        public static bool IsRoot => EffectiveUid == 0;

        /// <summary>Owner, mode and kind of <paramref name="path"/> without following a final symlink; null when it does not exist or this is not Linux.</summary>
        public static FileOwnership? Stat(string path)
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            // struct statx has the same layout on every Linux architecture: nlink at 16, uid at 20, gid at 24, mode at 28.
            var buffer = new byte[256];
            if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
            {
                return null;
            }

            var mode = BitConverter.ToUInt16(buffer, 28);
            return new FileOwnership(BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt32(buffer, 24), (UnixFileMode)(mode & 0xFFF), (mode & 0xF000) == 0x4000, BitConverter.ToUInt32(buffer, 16));
        }

        /// <summary>lchown(2): gives <paramref name="path"/> (never a link's target) to uid:gid.</summary>
        public static void Chown(string path, long uid, long gid)
        {
            if (lchown(path, (uint)uid, (uint)gid) != 0)
            {
                throw new RuntimeError($"cannot give '{path}' to {uid}:{gid} (errno {Marshal.GetLastPInvokeError()}); check that the data root is on a file system that keeps owners");
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        private static extern uint getegid();

        [DllImport("libc", SetLastError = true)]
        private static extern int lchown(string path, uint owner, uint group);

        [DllImport("libc", SetLastError = true)]
        private static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
    }
}
