using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using AgentSpec.Model;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime;

/// <summary>
/// One container per group session at a time. An exclusive flock(2) on a lock file in the group's data folder
/// (which no container can write) is held from before the host check until the container is gone. The kernel
/// drops it when the holding process dies, so a crashed run never leaves it stuck; a container that outlived
/// its run (agentspec killed with SIGKILL) is caught by the engine check under the lock
/// (<see cref="DockerLauncher.RunningSessionContainerAsync"/>).
/// </summary>
internal sealed class SessionLock : IDisposable
{
    private const int LOCK_EX = 2;
    private const int LOCK_NB = 4;
    private const int LOCK_UN = 8;
    private const int EWOULDBLOCK = 11;
    private const int O_RDWR = 0x2;

    private readonly SafeFileHandle _handle;

    private SessionLock(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The lock file: data/v2-sessions/&lt;id&gt;/.session-&lt;session&gt;.lock.</summary>
    public string Path { get; }

    public static string PathFor(string dataRoot, string groupId, string session)
    {
        SessionGuard.Ensure(session, groupId); // the name is part of the lock file's name
        return System.IO.Path.Join(HostManagedMounts.Resolve(HostManagedMounts.GroupDataTemplate, System.IO.Path.GetFullPath(dataRoot), groupId, string.Empty, session), $".session-{session}.lock");
    }

    /// <summary>The command that stops exactly this group session, for refusals.</summary>
    public static string StopCommand(string groupId, string session) => $"`agentspec stop {groupId} --session {session}`";

    /// <summary>Takes the lock of one group session or throws a <see cref="RuntimeError"/> naming who holds it.</summary>
    /// <remarks>
    /// A lock file this call created is removed again when the lock cannot be completed (a full or read-only disk):
    /// nothing is left half made. Removing a lock file is safe because a taker checks, once it holds the flock, that
    /// the name still leads to the inode it locked, and starts over when it does not.
    /// </remarks>
    /// <param name="keepHolder">Leave the file as it is (a probe of whether the lock is free: its holder line and time stay).</param>
    public static SessionLock Acquire(string dataRoot, string groupId, string session, string holder, bool keepHolder = false)
    {
        var path = PathFor(dataRoot, groupId, session);
        for (var attempt = 0; ; attempt++)
        {
            var fd = OpenLockFile(dataRoot, path, out var openErrno, out var created);
            if (fd < 0)
            {
                throw new RuntimeError(DiskFaults.Describe("creating the session lock", path, openErrno) is { } disk
                    ? $"group '{groupId}' session '{session}': {disk}"
                    : $"cannot open the session lock {path} (errno {openErrno}); run `agentspec init {groupId}` so the group's data folder " +
                        $"exists, and make sure the lock file is not a symbolic link");
            }

            var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
            if (flock(fd, LOCK_EX | LOCK_NB) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                var owner = ReadHolder(handle);
                handle.Dispose();
                throw errno == EWOULDBLOCK
                    ? new RuntimeError($"group '{groupId}' session '{session}' is already running ({owner}); one container per group " +
                        $"session at a time. Wait for it to finish, or stop and remove what it left with {StopCommand(groupId, session)}")
                    : new RuntimeError($"cannot lock {path} (errno {errno})");
            }

            if (!StillNamed(dataRoot, path, handle) && attempt < 3)
            {
                handle.Dispose(); // a failed taker removed the file between our open and flock: lock the new one
                continue;
            }

            if (keepHolder)
            {
                return new SessionLock(handle, path);
            }

            // Who holds it, for the refusal message of the next one; written whole over what a previous run left.
            var bytes = Encoding.UTF8.GetBytes(holder + "\n");
            try
            {
                ftruncate(fd, 0);
                RandomAccess.Write(handle, bytes, 0);
            }
            catch (IOException e) when (DiskFaults.Errno(e) is { } errno)
            {
                if (created)
                {
                    Unlink(dataRoot, path); // under the flock: nobody else can be using this new file
                }

                handle.Dispose();
                throw new RuntimeError($"group '{groupId}' session '{session}': {DiskFaults.Describe("writing the session lock", path, errno)}", e);
            }

            return new SessionLock(handle, path);
        }
    }

    public void Dispose()
    {
        if (!_handle.IsClosed)
        {
            flock((int)_handle.DangerousGetHandle(), LOCK_UN);
            _handle.Dispose();
        }
    }

    /// <summary>Opens (creating, 0600) the lock file relative to its folder, reached from the data root without following a link; -1 with errno on failure.</summary>
    private static int OpenLockFile(string dataRoot, string path, out int errno, out bool created)
    {
        created = false;
        try
        {
            using var folder = OpenFolder(dataRoot, path);
            var name = System.IO.Path.GetFileName(path);
            var fd = folder?.OpenFile(name, O_RDWR | Libc.O_CREAT | Libc.O_EXCL, 0b110_000_000) ?? -1;
            created = fd >= 0;
            if (fd < 0 && folder is not null && Libc.Errno == Libc.EEXIST)
            {
                fd = folder.OpenFile(name, O_RDWR, 0);
            }

            errno = folder is null ? Libc.ENOENT : fd < 0 ? Libc.Errno : 0;
            return fd;
        }
        catch (RuntimeError)
        {
            errno = Libc.ELOOP; // the data root is missing, or a folder on the way is a link or a file
            return -1;
        }
    }

    /// <summary>The lock file's folder, reached from the data root without following a link; null when missing.</summary>
    private static HostDirectory? OpenFolder(string dataRoot, string path)
    {
        var root = System.IO.Path.GetFullPath(dataRoot).TrimEnd('/');
        var parts = HostPaths.Split(System.IO.Path.GetRelativePath(root, System.IO.Path.GetDirectoryName(path)!));
        using var top = HostDirectory.OpenRoot(root);
        return top.OpenBelow(parts);
    }

    /// <summary>Whether the lock file's name still leads to the inode <paramref name="handle"/> holds.</summary>
    private static bool StillNamed(string dataRoot, string path, SafeFileHandle handle)
    {
        using var folder = OpenFolder(dataRoot, path);
        var ours = HostFiles.Fstat(handle);
        return folder?.Stat(System.IO.Path.GetFileName(path)) is { } now && now.Inode == ours.Inode && now.Device == ours.Device;
    }

    /// <summary>Removes the lock file by name relative to its folder (unlinkat never follows a link).</summary>
    internal static void Unlink(string dataRoot, string path)
    {
        using var folder = OpenFolder(dataRoot, path);
        if (folder is not null)
        {
            Libc.unlinkat((int)folder.Handle.DangerousGetHandle(), System.IO.Path.GetFileName(path), 0);
        }
    }

    private static string ReadHolder(SafeFileHandle handle)
    {
        var buffer = new byte[512];
        var n = RandomAccess.Read(handle, buffer, 0);
        var text = Encoding.UTF8.GetString(buffer, 0, n).Trim();
        return text.Length == 0 ? "held by another agentspec process" : text;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc", SetLastError = true)]
    private static extern int ftruncate(int fd, long length);
}
