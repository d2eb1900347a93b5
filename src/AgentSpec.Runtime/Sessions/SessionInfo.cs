using System;

namespace AgentSpec.Runtime;

/// <summary>One session of a group as its data shows it: its folder's size and when it was last used (the lock file or folder, whichever is newer).</summary>
internal sealed record SessionInfo(string GroupId, string Session, DateTimeOffset LastUsed, long SizeBytes, bool HasFolder)
{
    /// <summary>Whether a live agentspec holds the session's lock right now.</summary>
    public bool Locked { get; init; }
}
