// Over 300 lines on purpose: every descriptor-relative operation group-init performs, so no path-based call can slip in beside them.
using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime;

/// <summary>
/// An open directory below the data root, reached from the data root one component at a time with
/// openat(O_DIRECTORY|O_NOFOLLOW), so a component that is a link is refused instead of followed. Every operation
/// on its entries (mkdirat, openat with O_NOFOLLOW or O_TMPFILE, linkat, fchmod/fchownat on the opened
/// descriptor, unlinkat) is relative to this descriptor: an agent that swaps a name for a link while the host
/// works changes nothing the host does outside the folder it holds open.
/// </summary>
internal sealed class HostDirectory : IDisposable
{
    /// <summary>How old a left-over temp file of an interrupted group-init must be before the next init removes it (a younger one may be a concurrent init's).</summary>
    public static readonly TimeSpan StaleTempAge = TimeSpan.FromMinutes(1);

    private readonly SafeFileHandle _handle;

    private HostDirectory(int fd, string path)
    {
        _handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        Path = path;
    }

    /// <summary>The absolute path this directory was reached by (for messages and reports).</summary>
    public string Path { get; }

    /// <summary>The open descriptor (owned by this object).</summary>
    public SafeFileHandle Handle => _handle;

    private int Fd => (int)_handle.DangerousGetHandle();

    /// <summary>Opens the data root itself; it and the folders above it are the operator's (<see cref="DataRootCheck"/> vouched for them).</summary>
    public static HostDirectory OpenRoot(string root)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new RuntimeError("group-init runs on Linux hosts (it needs openat, O_TMPFILE and fchownat); this host is not supported");
        }

        var fd = Libc.open(root, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        return fd >= 0 ? new HostDirectory(fd, root) : throw new RuntimeError($"group-init: cannot open the data root '{root}' (errno {Libc.Errno}); check that it exists and is a folder you can read");
    }

    /// <summary>Opens the existing directory <paramref name="relative"/> below this one, refusing links and files on the way; null when a component is missing.</summary>
    public HostDirectory? OpenBelow(IReadOnlyList<string> relative)
    {
        var current = Reopen();
        foreach (var part in relative)
        {
            using var parent = current;
            if (parent.OpenChild(part) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// Opens directory <paramref name="relative"/> below this one, creating each missing component with
    /// <paramref name="modeOf"/>(its path, whether it is the last); <paramref name="onCreated"/> hears each
    /// path this call created (mkdirat is create-new, so of concurrent callers exactly one hears it).
    /// </summary>
    public HostDirectory CreateBelow(IReadOnlyList<string> relative, Func<string, bool, UnixFileMode> modeOf, Action<string> onCreated)
    {
        var current = Reopen();
        for (var i = 0; i < relative.Count; i++)
        {
            using var parent = current;
            current = parent.OpenOrCreateChild(relative[i], path => modeOf(path, i == relative.Count - 1), out var made);
            if (made)
            {
                onCreated(current.Path);
            }
        }

        return current;
    }

    /// <summary>openat(2) of entry <paramref name="name"/> relative to this directory, always with O_NOFOLLOW|O_CLOEXEC; the raw descriptor or -1 (errno in <see cref="Libc.Errno"/>).</summary>
    public int OpenFile(string name, int flags, int mode) => Libc.openat(Fd, name, flags | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, mode);

    /// <summary>The entry <paramref name="name"/> itself (lstat relative to this directory); null when missing.</summary>
    public EntryFacts? Stat(string name) => HostFiles.StatAt(_handle, name);

    /// <summary>The absolute path of entry <paramref name="name"/>, for messages.</summary>
    public string PathOf(string name) => System.IO.Path.Join(Path, name);

    /// <summary>
    /// Creates the regular file <paramref name="name"/> whole, with <paramref name="content"/> and exactly
    /// <paramref name="mode"/>, never replacing anything: an unnamed O_TMPFILE file is written and fchmod-ed,
    /// then given its name by linkat, which fails when the name exists. True when this call created it, false
    /// when the name was taken (another init got there first). No temp name is ever visible.
    /// </summary>
    public bool CreateFile(string name, byte[] content, UnixFileMode mode)
    {
        var fd = Libc.openat(Fd, ".", Libc.O_TMPFILE | Libc.O_WRONLY | Libc.O_CLOEXEC, (int)mode);
        if (fd < 0)
        {
            var errno = Libc.Errno;
            return errno is Libc.EOPNOTSUPP or Libc.EISDIR or Libc.EINVAL
                ? CreateFileThroughTemp(name, content, mode) // a file system without O_TMPFILE
                : throw CannotCreate(name, errno);
        }

        using var file = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        Fill(file, name, content, mode);
        if (Libc.linkat(Libc.AT_FDCWD, $"/proc/self/fd/{fd}", Fd, name, Libc.AT_SYMLINK_FOLLOW) == 0)
        {
            return true;
        }

        var linkErrno = Libc.Errno;
        return linkErrno switch
        {
            Libc.EEXIST => false,
            Libc.ENOENT => CreateFileThroughTemp(name, content, mode), // no /proc to name the unnamed file by
            _ => throw CannotCreate(name, linkErrno),
        };
    }

    /// <summary>
    /// The same without O_TMPFILE: a temp file created with O_CREAT|O_EXCL|O_NOFOLLOW (so it is a new file of
    /// ours, never a planted link), written and fchmod-ed through its descriptor, linked to its name without
    /// replacing (linkat never follows a link), checked to be the same inode, and its temp name unlinked.
    /// </summary>
    internal bool CreateFileThroughTemp(string name, byte[] content, UnixFileMode mode)
    {
        var temp = TempPrefix(name) + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var fd = Libc.openat(Fd, temp, Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_WRONLY | Libc.O_CLOEXEC, (int)mode);
        if (fd < 0)
        {
            throw CannotCreate(temp, Libc.Errno);
        }

        using var file = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        try
        {
            Fill(file, temp, content, mode);
            var ours = HostFiles.Fstat(file);
            if (Libc.linkat(Fd, temp, Fd, name, 0) != 0)
            {
                var errno = Libc.Errno;
                return errno switch
                {
                    Libc.EEXIST => false,
                    Libc.ENOENT => throw TempReplaced(temp, name), // the temp name was removed under us
                    _ => throw CannotCreate(name, errno),
                };
            }

            // linkat links whatever the temp name holds now: if something swapped it, the name is not our file.
            return Stat(name) is { } now && now.Inode == ours.Inode && now.Device == ours.Device
                ? true
                : throw TempReplaced(temp, name);
        }
        finally
        {
            Libc.unlinkat(Fd, temp, 0); // the name only: unlinkat never follows a link
        }
    }

    /// <summary>
    /// Writes <paramref name="name"/> whole, replacing what is there: a new temp file (O_CREAT|O_EXCL|O_NOFOLLOW, so never
    /// a planted link) written and fchmod-ed through its descriptor, then renamed over the name by renameat, which
    /// replaces the entry itself (a link there is replaced, never followed; a folder there is refused). Readers see
    /// the old file or the new one; a kill leaves at most the temp, which <see cref="RemoveStaleTemps"/> removes.
    /// </summary>
    public void ReplaceFile(string name, byte[] content, UnixFileMode mode)
    {
        var temp = TempPrefix(name) + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        var fd = Libc.openat(Fd, temp, Libc.O_CREAT | Libc.O_EXCL | Libc.O_NOFOLLOW | Libc.O_WRONLY | Libc.O_CLOEXEC, (int)mode);
        if (fd < 0)
        {
            throw CannotCreate(temp, Libc.Errno);
        }

        using (var file = new SafeFileHandle((IntPtr)fd, ownsHandle: true))
        {
            Fill(file, temp, content, mode);
        }

        if (Libc.renameat(Fd, temp, Fd, name) != 0)
        {
            var errno = Libc.Errno;
            Libc.unlinkat(Fd, temp, 0);
            throw errno == Libc.EISDIR
                ? new RuntimeError($"group-init: '{PathOf(name)}' is a directory but must be a file; move it away and run again")
                : CannotCreate(name, errno);
        }
    }

    /// <summary>
    /// Removes what an interrupted group-init left: entries named .&lt;name&gt;.init-* older than
    /// <see cref="StaleTempAge"/>, by unlinkat on this descriptor (never following a link; a folder of that
    /// name is left alone). Returns the names removed.
    /// </summary>
    public IReadOnlyList<string> RemoveStaleTemps(string name)
    {
        var removed = new List<string>();
        var prefix = TempPrefix(name);
        var cutoff = DateTimeOffset.UtcNow.Add(-StaleTempAge).ToUnixTimeSeconds();
        IEnumerable<string> entries;
        try
        {
            // /proc/self/fd/N is this very directory (the open inode), not a path that could be re-resolved.
            entries = Directory.EnumerateFileSystemEntries($"/proc/self/fd/{Fd}", prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return removed;
        }

        foreach (var entry in entries)
        {
            var entryName = System.IO.Path.GetFileName(entry);
            if (entryName.StartsWith(prefix, StringComparison.Ordinal) && Stat(entryName) is { IsDirectory: false } facts && facts.ModifiedSeconds < cutoff && Libc.unlinkat(Fd, entryName, 0) == 0)
            {
                removed.Add(entryName);
            }
        }

        return removed;
    }

    /// <summary>Opens entry <paramref name="name"/> itself with O_PATH|O_NOFOLLOW (a link is opened as the link); null when missing.</summary>
    public SafeFileHandle? OpenEntry(string name)
    {
        var fd = Libc.openat(Fd, name, Libc.O_PATH | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd >= 0)
        {
            return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        }

        var errno = Libc.Errno;
        return errno == Libc.ENOENT ? null : throw new RuntimeError($"group-init: cannot open '{PathOf(name)}' (errno {errno})");
    }

    /// <summary>fchownat(AT_EMPTY_PATH) on an entry opened by <see cref="OpenEntry"/>: the inode that was checked, whatever its name holds now.</summary>
    public static void Chown(SafeFileHandle entry, string shownPath, long uid, long gid)
    {
        if (Libc.fchownat((int)entry.DangerousGetHandle(), string.Empty, (uint)uid, (uint)gid, Libc.AT_EMPTY_PATH) != 0)
        {
            throw new RuntimeError($"cannot give '{shownPath}' to {uid}:{gid} (errno {Libc.Errno}); check that the data root is on a file system that keeps owners");
        }
    }

    /// <summary>The message for a path that must be a real folder below the data root but is a link.</summary>
    public static RuntimeError SymlinkRefusal(string path) =>
        new($"group-init: '{path}' is a symbolic link; host-managed folders must be real folders below the data root. Remove the link and run again");

    public void Dispose() => _handle.Dispose();

    private static string TempPrefix(string name) => "." + name + ".init-";

    private HostDirectory Reopen()
    {
        var fd = Libc.openat(Fd, ".", Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
        return fd >= 0 ? new HostDirectory(fd, Path) : throw new RuntimeError($"group-init: cannot open '{Path}' (errno {Libc.Errno})");
    }

    /// <summary>Opens child <paramref name="name"/> as a directory without following a link; null when it does not exist.</summary>
    private HostDirectory? OpenChild(string name)
    {
        var fd = Libc.openat(Fd, name, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd >= 0)
        {
            return new HostDirectory(fd, PathOf(name));
        }

        var errno = Libc.Errno;
        if (errno == Libc.ENOENT)
        {
            return null;
        }

        var kind = errno == Libc.ELOOP ? EntryKind.SymbolicLink : Stat(name)?.Kind;
        throw kind switch
        {
            EntryKind.SymbolicLink => SymlinkRefusal(PathOf(name)),
            // Not a folder when opened, a folder (or gone) a moment later: someone swapped it in between.
            EntryKind.Directory or null when errno is Libc.ENOTDIR or Libc.ELOOP => new RuntimeError(
                $"group-init: '{PathOf(name)}' was replaced while group-init opened it; something that can write '{Path}' "
                + "is racing group-init. Stop the group's containers and run again"),
            EntryKind.Directory or null => new RuntimeError($"group-init: cannot open the folder '{PathOf(name)}' (errno {errno}); check that the data root is readable"),
            _ => new RuntimeError($"group-init: '{PathOf(name)}' is a file but must be a directory; move the file away and run again"),
        };
    }

    private HostDirectory OpenOrCreateChild(string name, Func<string, UnixFileMode> modeOf, out bool created)
    {
        created = false;
        if (OpenChild(name) is { } existing)
        {
            return existing;
        }

        var mode = modeOf(PathOf(name));
        if (Libc.mkdirat(Fd, name, (uint)mode) == 0)
        {
            created = true;
        }
        else if (Libc.Errno is var errno && errno != Libc.EEXIST)
        {
            throw new RuntimeError("group-init: " + (DiskFaults.Describe("creating the folder", PathOf(name), errno) ?? $"cannot create " +
                $"directory '{PathOf(name)}' (errno {errno}); check that the data root is writable"));
        }

        var dir = OpenChild(name) ?? throw new RuntimeError($"group-init: the folder '{PathOf(name)}' disappeared while group-init created it; something that can write '{Path}' is racing group-init. Stop the group's containers and run again");
        if (!created)
        {
            return dir;
        }

        // What was opened must be the folder just made (ours, not one swapped in), and its mode is set past the umask on the descriptor.
        var facts = HostFiles.Fstat(dir.Handle);
        if (facts.Uid != HostFiles.EffectiveUid || Libc.fchmod(dir.Fd, (uint)mode) != 0)
        {
            dir.Dispose();
            throw new RuntimeError($"group-init: the folder '{PathOf(name)}' was replaced while group-init created it (it now belongs to uid {facts.Uid}); something that can write '{Path}' is racing group-init. Nothing outside that folder was changed. Stop the group's containers and run again");
        }

        return dir;
    }

    private void Fill(SafeFileHandle file, string name, byte[] content, UnixFileMode mode)
    {
        try
        {
            RandomAccess.Write(file, content, 0);
            RandomAccess.FlushToDisk(file);
        }
        catch (IOException e) when (DiskFaults.Errno(e) is { } errno)
        {
            throw CannotCreate(name, errno);
        }

        if (Libc.fchmod((int)file.DangerousGetHandle(), (uint)mode) != 0) // past the umask, on the descriptor
        {
            throw CannotCreate(name, Libc.Errno);
        }
    }

    private RuntimeError TempReplaced(string temp, string name) =>
        new($"group-init: '{PathOf(temp)}' was replaced while group-init wrote '{PathOf(name)}'; something that can write '{Path}' (a running container of this group?) is racing group-init. Nothing outside that folder was changed. Stop the group's containers, check '{PathOf(name)}' and run again");

    private RuntimeError CannotCreate(string name, int errno) =>
        new("group-init: " + (DiskFaults.Describe("creating the file", PathOf(name), errno) ?? $"cannot create the file '{PathOf(name)}' " +
            $"(errno {errno}); check that the data root is writable"));
}
