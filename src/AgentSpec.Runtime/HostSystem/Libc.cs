using System.Runtime.InteropServices;

namespace AgentSpec.Runtime;

/// <summary>
/// The descriptor-relative libc calls group-init uses so that it never resolves a path an agent can change
/// (openat, mkdirat, fchmod, fchownat, linkat, unlinkat). Linux only; flag values are Linux's, with the two
/// that differ on ARM chosen at run time.
/// </summary>
internal static class Libc
{
    public const int ENOENT = 2;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ELOOP = 40;
    public const int EOPNOTSUPP = 95;

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_EMPTY_PATH = 0x1000;
    public const int AT_REMOVEDIR = 0x200;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;
    private const int TmpFileBit = 0x400000;

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64;

    public static int O_DIRECTORY => Arm ? 0x4000 : 0x10000;

    public static int O_NOFOLLOW => Arm ? 0x8000 : 0x20000;

    /// <summary>An unnamed file in a directory (linked in by name only once it is whole).</summary>
    public static int O_TMPFILE => TmpFileBit | O_DIRECTORY;

    public static int Errno => Marshal.GetLastPInvokeError();

    [DllImport("libc", SetLastError = true)]
    public static extern int open(string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int openat(int dirfd, string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int mkdirat(int dirfd, string path, uint mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int fchmod(int fd, uint mode);

    [DllImport("libc", SetLastError = true)]
    public static extern int fchownat(int dirfd, string path, uint owner, uint group, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int unlinkat(int dirfd, string path, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int renameat(int olddirfd, string oldpath, int newdirfd, string newpath);

    [DllImport("libc", SetLastError = true)]
    public static extern int symlinkat(string target, int newdirfd, string linkpath);
}
