using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using AgentSpec.Model;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime
{
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
        private const int O_CREAT = 0x40;
        private const int O_NOFOLLOW = 0x20000;
        private const int O_CLOEXEC = 0x80000;

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
            var fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0b110_000_000);
            if (fd < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new RuntimeError($"cannot open the session lock {path} (errno {errno}); run `agentspec init {groupId}` so the group's data folder exists, and make sure the lock file is not a symbolic link");
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

        private static string ReadHolder(SafeFileHandle handle)
        {
            var buffer = new byte[512];
            var n = RandomAccess.Read(handle, buffer, 0);
            var text = Encoding.UTF8.GetString(buffer, 0, n).Trim();
            return text.Length == 0 ? "held by another agentspec process" : text;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int open(string path, int flags, int mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int flock(int fd, int operation);

        [DllImport("libc", SetLastError = true)]
        private static extern int ftruncate(int fd, long length);
    }
}
