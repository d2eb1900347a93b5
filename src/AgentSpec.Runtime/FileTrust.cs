using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime
{
    /// <summary>The type of a file system entry, from its mode bits.</summary>
    public enum EntryKind
    {
        RegularFile,
        Directory,
        SymbolicLink,
        CharacterDevice,
        BlockDevice,
        Fifo,
        Socket,
        Unknown,
    }

    /// <summary>What statx(2) says about one entry: type, owner, permission bits, size and identity.</summary>
    public readonly record struct EntryFacts(EntryKind Kind, uint Uid, uint Gid, int Mode, long Size, ulong Device, ulong Inode)
    {
        public const int GroupWrite = 0x10;
        public const int OtherWrite = 0x02;
        public const int Sticky = 0x200;

        /// <summary>Writable by its group or by everyone.</summary>
        public bool WritableByOthers => (Mode & (GroupWrite | OtherWrite)) != 0;

        /// <summary>The permission bits as ls-style octal, e.g. 0755 or 1777.</summary>
        public string Octal => Convert.ToString(Mode & 0xFFF, 8).PadLeft(4, '0');
    }

    /// <summary>One failed trust condition: the path, what is wrong with it, and the command that fixes it.</summary>
    public sealed record TrustProblem(string Path, string Condition, string Fix)
    {
        public override string ToString() => $"{Path} {Condition}; fix: {Fix}";
    }

    /// <summary>
    /// The outcome of <see cref="FileTrust.Check"/>: the real path (null when the path does not exist), the facts
    /// of the entry that was checked, and every problem found on the way (empty when trusted).
    /// </summary>
    public sealed record TrustReport(string Path, string? RealPath, EntryFacts? Facts, IReadOnlyList<TrustProblem> Problems)
    {
        public bool Exists => RealPath is not null;

        public bool Trusted => Problems.Count == 0;

        /// <summary>"PATH" or "PATH (a symbolic link; real path REAL)", for messages.</summary>
        public string Describe() => RealPath is not null && RealPath != System.IO.Path.GetFullPath(Path).TrimEnd('/')
            ? $"{Path} (a symbolic link; its real path {RealPath} was checked)"
            : Path;
    }

    /// <summary>
    /// Trust of the operator's own files, like OpenSSH's StrictModes. A file (the mount allowlist) or folder (the data
    /// root) is trusted only when it is what the operator made: the expected type; owned by the invoking user
    /// (geteuid) or root; not writable by group or others; and every folder in which a name on the way to it is
    /// looked up (including the folders a symlink leads through, up to /) is likewise owned by the invoking user or
    /// root and not writable by group or others. Otherwise an agent (through a read-write mount) or another local
    /// user could change what the next run mounts.
    /// One deliberate exception: a root-owned folder with the sticky bit (/tmp, /var/tmp) is accepted above the
    /// entry, because there only an entry's owner (or root) can rename or remove it, so what lies inside cannot
    /// be swapped by others; the entry itself and its own folders must still pass.
    /// </summary>
    public static class FileTrust
    {
        private const int AtFdCwd = -100;
        private const int AtSymlinkNoFollow = 0x100;
        private const int AtEmptyPath = 0x1000;
        private const uint StatxBasicStats = 0x7ff;

        /// <summary>The invoking user's effective uid.</summary>
        public static uint InvokingUid => OperatingSystem.IsLinux() ? Native.geteuid() : throw Unsupported();

        /// <summary>lstat: facts about the entry itself (a symlink is not followed); null when it does not exist.</summary>
        public static EntryFacts? Lstat(string path)
        {
            var buffer = new byte[256];
            if (!OperatingSystem.IsLinux())
            {
                throw Unsupported();
            }

            if (Native.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                return errno is 2 or 20 ? null : throw new IOException($"cannot stat {path} (errno {errno})");
            }

            return Decode(buffer);
        }

        /// <summary>fstat: facts about an open file.</summary>
        public static EntryFacts Fstat(SafeFileHandle handle)
        {
            var buffer = new byte[256];
            if (!OperatingSystem.IsLinux())
            {
                throw Unsupported();
            }

            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                if (Native.statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, buffer) != 0)
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

        /// <summary>
        /// Opens a file for reading without following a final symlink and without blocking (a FIFO swapped in after
        /// the check cannot hang the caller); the caller compares <see cref="Fstat"/> with what it checked.
        /// </summary>
        public static FileStream OpenForReading(string path)
        {
            if (!OperatingSystem.IsLinux())
            {
                throw Unsupported();
            }

            const int NonBlock = 0x800;
            const int CloseOnExec = 0x80000;
            var noFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
            var fd = Native.open(path, NonBlock | CloseOnExec | noFollow);
            if (fd < 0)
            {
                throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
            }

            return new FileStream(new SafeFileHandle((IntPtr)fd, ownsHandle: true), FileAccess.Read, bufferSize: 1);
        }

        /// <summary>
        /// Checks <paramref name="path"/> (absolute) and everything its meaning depends on. Never throws for a missing
        /// path: <see cref="TrustReport.Exists"/> is false, and the folders looked at so far are still checked (a
        /// data root is about to be created inside them).
        /// </summary>
        public static TrustReport Check(string path, EntryKind expected)
        {
            var full = System.IO.Path.GetFullPath(path);
            var traversed = new List<string>();
            var resolved = HostPaths.Resolve(full, traversed);
            var problems = new List<TrustProblem>();
            var uid = InvokingUid;
            foreach (var folder in traversed)
            {
                if (TryLstat(folder, problems) is { } f)
                {
                    CheckOwnerAndMode(folder, f, uid, allowStickyRoot: true, problems);
                }
            }

            if (!resolved.Exists)
            {
                if (resolved.Problem is not null)
                {
                    problems.Add(new TrustProblem(resolved.MissingAt ?? full, $"cannot be resolved ({resolved.Problem})", "make the path a plain file or folder you own"));
                }
                else if (TryLstat(full, problems) is { Kind: EntryKind.SymbolicLink })
                {
                    problems.Add(new TrustProblem(full, $"is a symbolic link whose target does not exist ({resolved.MissingAt} is missing)", $"remove the link (rm '{full}') or create what it points to"));
                }

                return new TrustReport(path, null, null, problems);
            }

            var real = resolved.RealPath!;
            var target = TryLstat(real, problems);
            if (target is not { } t)
            {
                return new TrustReport(path, null, null, problems);
            }

            if (t.Kind != expected)
            {
                problems.Add(new TrustProblem(real, $"is {Article(t.Kind)}, not {Article(expected)}", expected == EntryKind.RegularFile
                    ? $"point it at a regular file (a device such as /dev/zero, a FIFO or a folder is never read)"
                    : $"use a real folder"));
            }

            CheckOwnerAndMode(real, t, uid, allowStickyRoot: false, problems);
            return new TrustReport(path, real, t, problems);
        }

        /// <summary>The problems of one entry's owner and mode; the entry itself never gets the sticky exception.</summary>
        public static void CheckOwnerAndMode(string path, EntryFacts facts, uint uid, bool allowStickyRoot, List<TrustProblem> problems)
        {
            var quoted = Quote(path);
            if (facts.Uid != uid && facts.Uid != 0)
            {
                var whom = uid == 0 ? "root (uid 0)" : $"you (uid {uid.ToString(CultureInfo.InvariantCulture)}) or root";
                problems.Add(new TrustProblem(path, $"is owned by uid {facts.Uid.ToString(CultureInfo.InvariantCulture)}, not by {whom}, so that user (an agent container runs as one) may have changed it",
                    $"check its content, then `chown {uid.ToString(CultureInfo.InvariantCulture)} {quoted}` (or move it to a folder only you control)"));
            }

            if (facts.WritableByOthers && !(allowStickyRoot && facts.Uid == 0 && (facts.Mode & EntryFacts.Sticky) != 0 && facts.Kind == EntryKind.Directory))
            {
                var who = (facts.Mode & EntryFacts.OtherWrite) != 0 ? "everyone" : "its group";
                problems.Add(new TrustProblem(path, $"is writable by {who} (mode {facts.Octal})",
                    $"check its content, then `chmod go-w {quoted}`"));
            }
        }

        /// <summary>lstat, turning a failure (such as a folder you may not search) into a problem instead of an exception.</summary>
        private static EntryFacts? TryLstat(string path, List<TrustProblem> problems)
        {
            try
            {
                return Lstat(path);
            }
            catch (IOException e)
            {
                problems.Add(new TrustProblem(path, $"cannot be examined ({e.Message})", "make it a folder or file you own and may read"));
                return null;
            }
        }

        /// <summary>The problems as indented lines, for an error message.</summary>
        public static string Lines(IEnumerable<TrustProblem> problems) =>
            string.Join(Environment.NewLine, System.Linq.Enumerable.Select(problems, p => "  - " + p));

        private static EntryFacts Decode(byte[] b)
        {
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
            return new EntryFacts(kind, uid, gid, mode & 0xFFF, size, device, inode);
        }

        private static string Article(EntryKind kind) => kind switch
        {
            EntryKind.RegularFile => "a regular file",
            EntryKind.Directory => "a directory",
            EntryKind.SymbolicLink => "a symbolic link",
            EntryKind.CharacterDevice => "a character device",
            EntryKind.BlockDevice => "a block device",
            EntryKind.Fifo => "a FIFO (named pipe)",
            EntryKind.Socket => "a socket",
            _ => "an entry of unknown type",
        };

        private static string Quote(string path) => path.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '\\', '*', '?', ';', '&', '|', '(', ')', '<', '>' }) < 0
            ? path
            : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

        private static RuntimeError Unsupported() => new("the trust checks of the allowlist and data root need Linux (statx); this host is not supported");

        private static class Native
        {
            [DllImport("libc", SetLastError = true)]
            public static extern int statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);

            [DllImport("libc")]
            public static extern uint geteuid();

            [DllImport("libc", SetLastError = true)]
            public static extern int open(string path, int flags);
        }
    }
}
