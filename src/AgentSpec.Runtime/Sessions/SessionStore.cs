using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The sessions of a group as folders and lock files below data/v2-sessions/&lt;id&gt;/: listed and removed. Only names
/// that are valid session names are sessions, so skill-data and .claude-shared (reserved names) are never listed or
/// touched. A session is removed under its own lock (no run can start in it meanwhile), through descriptors
/// (<see cref="HostTree"/>): session folders are agent-writable.
/// </summary>
internal static class SessionStore
{
    private const string LockPrefix = ".session-";
    private const string LockSuffix = ".lock";

    /// <summary>Every session of <paramref name="groupId"/> that has a folder or a lock file, oldest use first.</summary>
    public static IReadOnlyList<SessionInfo> List(string dataRoot, string groupId)
    {
        using var group = OpenGroup(dataRoot, groupId);
        if (group is null)
        {
            return Array.Empty<SessionInfo>();
        }

        var names = HostTree.Names(group);
        var sessions = names.Where(n => n.StartsWith(LockPrefix, StringComparison.Ordinal) && n.EndsWith(LockSuffix, StringComparison.Ordinal))
            .Select(n => n.Substring(LockPrefix.Length, n.Length - LockPrefix.Length - LockSuffix.Length))
            .Concat(names.Where(n => group.Stat(n) is { IsDirectory: true }))
            .Where(n => Core.Model.SessionNames.IsValid(n) && !Core.Model.SessionNames.Reserved.Contains(n))
            .Distinct(StringComparer.Ordinal);
        return sessions.Select(s => Describe(dataRoot, group, groupId, s)).OrderBy(s => s.LastUsed).ToList();
    }

    /// <summary>
    /// Removes the session folder and lock file of <paramref name="session"/>, holding its lock while it does;
    /// throws a <see cref="RuntimeError"/> when the session is in use (its lock is held).
    /// </summary>
    public static void Remove(string dataRoot, string groupId, string session)
    {
        SessionGuard.Ensure(session, groupId);
        if (Core.Model.SessionNames.Reserved.Contains(session))
        {
            throw new RuntimeError($"group '{groupId}': '{session}' is not a session; it is never pruned");
        }

        using var sessionLock = SessionLock.Acquire(dataRoot, groupId, session, $"agentspec sessions prune, pid {Environment.ProcessId}, " +
            $"since {DateTime.UtcNow:u}");
        using (var group = OpenGroup(dataRoot, groupId) ?? throw new RuntimeError($"group '{groupId}' has no data folder below {dataRoot}"))
        {
            HostTree.Remove(group, session);
        }

        SessionLock.Unlink(dataRoot, sessionLock.Path); // under the lock: a taker that opened it re-checks the name and starts over
    }

    private static SessionInfo Describe(string dataRoot, HostDirectory group, string groupId, string session)
    {
        var folder = group.Stat(session);
        var lockFile = group.Stat(LockPrefix + session + LockSuffix);
        var last = Math.Max(folder?.ModifiedSeconds ?? 0, lockFile?.ModifiedSeconds ?? 0);
        long size = 0;
        if (folder is { IsDirectory: true })
        {
            using var dir = group.OpenBelow(new[] { session });
            size = dir is null ? 0 : HostTree.Size(dir);
        }

        return new SessionInfo(groupId, session, DateTimeOffset.FromUnixTimeSeconds(last), size, folder is { IsDirectory: true })
        {
            Locked = lockFile is not null && IsLocked(dataRoot, groupId, session),
        };
    }

    private static bool IsLocked(string dataRoot, string groupId, string session)
    {
        try
        {
            using var probe = SessionLock.Acquire(dataRoot, groupId, session, string.Empty, keepHolder: true);
            return false;
        }
        catch (RuntimeError)
        {
            return true;
        }
    }

    private static HostDirectory? OpenGroup(string dataRoot, string groupId)
    {
        var root = Path.GetFullPath(dataRoot).TrimEnd('/');
        if (!Directory.Exists(root))
        {
            return null;
        }

        var groupData = HostManagedMounts.Resolve(HostManagedMounts.GroupDataTemplate, root, groupId, string.Empty, HostManagedMounts.DefaultSession);
        using var top = HostDirectory.OpenRoot(root);
        return top.OpenBelow(HostPaths.Split(Path.GetRelativePath(root, groupData)));
    }
}
