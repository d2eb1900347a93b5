using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;

namespace AgentSpec.Runtime;

/// <summary>
/// The run-time-only part of the blocked locations: real paths. The list itself lives in Core's HostPathRules,
/// shared with the build; here it is resolved against the real home and the allowlist actually in use, and a
/// mount can neither sit inside nor contain a protected folder.
/// </summary>
internal static class BlockedHostPaths
{
    /// <summary>
    /// The protected folders as real paths: the allowlist's own folder (wherever --allowlist points) and, when the
    /// allowlist is a symbolic link, the folder of its real path too (a dotfile manager's repository); the folder
    /// of the engine socket in use (<paramref name="dockerEndpoint"/>, a unix:// endpoint); and the real path of
    /// every '~/' location of Core's blocked list, so a symlinked ~/.local or ~/.config is caught too.
    /// </summary>
    public static IEnumerable<(string Path, string Why)> ProtectedFolders(string home, string allowlistPath, string? dockerEndpoint = null)
    {
        foreach (var folder in AllowlistFolders(allowlistPath))
        {
            yield return folder;
        }

        if (SocketFolder(dockerEndpoint) is { } socketFolder)
        {
            // In a shared sticky folder such as /tmp only the socket (and what contains it) is protected: what others
            // keep beside it is theirs, and a folder below cannot expose the socket.
            var folder = HostPaths.RealPathOrFull(socketFolder);
            var shared = HostFiles.Lstat(folder) is { Kind: EntryKind.Directory, Uid: 0 } f && (f.Mode & EntryFacts.Sticky) != 0 && (f.Mode & EntryFacts.OtherWrite) != 0;
            var why = $"the Docker engine socket in use ({dockerEndpoint}); access to the socket is root on the host";
            yield return shared
                ? (Path.Join(folder, Path.GetFileName(dockerEndpoint!)), why)
                : (folder, "the folder of " + why);
        }

        foreach (var (location, why) in HostPathRules.BlockedLocations.Where(l => l.Path.StartsWith("~/", StringComparison.Ordinal)))
        {
            yield return (HostPaths.RealPathOrFull(HostPaths.ExpandHome(location, home)), $"{location}, {why}");
        }
    }

    /// <summary>The allowlist's folder as a real path and, when the allowlist is a symbolic link, its real folder too.</summary>
    public static IEnumerable<(string Path, string Why)> AllowlistFolders(string allowlistPath)
    {
        const string AllowlistWhy = "an agent that can reach it could widen its own mounts";
        var full = Path.GetFullPath(allowlistPath);
        var linkFolder = HostPaths.RealPathOrFull(Path.GetDirectoryName(full) ?? full);
        yield return (linkFolder, $"the folder of the operator mount allowlist; {AllowlistWhy}");
        if (HostPaths.Resolve(full).RealPath is { } realFile && Path.GetDirectoryName(realFile) is { } realFolder && realFolder != linkFolder)
        {
            yield return (realFolder, $"the folder of the operator mount allowlist's real path {realFile} ({allowlistPath} is a symbolic link to it); {AllowlistWhy}");
        }
    }

    /// <summary>The folder holding the socket of a unix:// engine endpoint; null for other endpoints.</summary>
    public static string? SocketFolder(string? dockerEndpoint)
    {
        const string Unix = "unix://";
        if (dockerEndpoint is null || !dockerEndpoint.StartsWith(Unix, StringComparison.Ordinal))
        {
            return null;
        }

        var socket = dockerEndpoint.Substring(Unix.Length);
        return socket.StartsWith('/') ? Path.GetDirectoryName(Path.GetFullPath(socket)) : null;
    }
}
