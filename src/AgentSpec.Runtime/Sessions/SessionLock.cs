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
    public static SessionLock Acquire(string dataRoot, string groupId, string session, string holder)
    {
        var path = PathFor(dataRoot, groupId, session);
        var fd = OpenLockFile(dataRoot, path, out var openErrno);
        if (fd < 0)
        {
            throw new RuntimeError($"cannot open the session lock {path} (errno {openErrno}); run `agentspec init {groupId}` so the group's data folder exists, and make sure the lock file is not a symbolic link");
        }

        var handle = new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        if (flock(fd, LOCK_EX | LOCK_NB) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            var owner = ReadHolder(handle);
            handle.Dispose();
            throw errno == EWOULDBLOCK
                ? new RuntimeError($"group '{groupId}' session '{session}' is already running ({owner}); one container per group session at a time. Wait for it to finish, or stop it with {StopCommand(groupId, session)}")
                : new RuntimeError($"cannot lock {path} (errno {errno})");
        }

        // Who holds it, for the refusal message of the next one; written whole over what a previous run left.
        var bytes = Encoding.UTF8.GetBytes(holder + "\n");
        ftruncate(fd, 0);
        RandomAccess.Write(handle, bytes, 0);
        return new SessionLock(handle, path);
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
    private static int OpenLockFile(string dataRoot, string path, out int errno)
    {
        var root = System.IO.Path.GetFullPath(dataRoot).TrimEnd('/');
        var parts = HostPaths.Split(System.IO.Path.GetRelativePath(root, System.IO.Path.GetDirectoryName(path)!));
        try
        {
            using var top = HostDirectory.OpenRoot(root);
            using var folder = top.OpenBelow(parts);
            var fd = folder?.OpenFile(System.IO.Path.GetFileName(path), O_RDWR | Libc.O_CREAT, 0b110_000_000) ?? -1;
            errno = folder is null ? Libc.ENOENT : fd < 0 ? Libc.Errno : 0;
            return fd;
        }
        catch (RuntimeError)
        {
            errno = Libc.ELOOP; // the data root is missing, or a folder on the way is a link or a file
            return -1;
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
