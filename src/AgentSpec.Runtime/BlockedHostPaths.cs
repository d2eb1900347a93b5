using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Checks;

namespace AgentSpec.Runtime
{
    /// <summary>
    /// The run-time-only part of the blocked locations: real paths. The list itself lives in Core's HostPathRules,
    /// shared with the build; here it is resolved against the real home and the allowlist actually in use, and a
    /// mount can neither sit inside nor contain a protected folder.
    /// </summary>
    public static class BlockedHostPaths
    {
        /// <summary>The default location of the operator allowlist, relative to the home directory.</summary>
        public const string AllowlistRelativePath = ".config/agentspec/mount-allowlist.json";

        /// <summary>
        /// The protected folders as real paths: the allowlist's own folder (wherever --allowlist points) and the
        /// real path of every '~/' location of Core's blocked list, so a symlinked ~/.local or ~/.config is caught too.
        /// </summary>
        public static IEnumerable<(string Path, string Why)> ProtectedFolders(string home, string allowlistPath)
        {
            var allowlistFolder = Path.GetDirectoryName(Path.GetFullPath(allowlistPath)) ?? allowlistPath;
            yield return (HostPaths.RealPathOrFull(allowlistFolder), "the folder of the operator mount allowlist; an agent that can reach it could widen its own mounts");
            foreach (var (location, why) in HostPathRules.BlockedLocations.Where(l => l.Path.StartsWith("~/", StringComparison.Ordinal)))
            {
                yield return (HostPaths.RealPathOrFull(HostPaths.ExpandHome(location, home)), $"{location}, {why}");
            }
        }
    }
}
