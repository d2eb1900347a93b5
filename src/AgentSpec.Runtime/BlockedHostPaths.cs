using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime
{
    /// <summary>
    /// The run-time-only part of the blocked locations: the allowlist's real folder (its path can be overridden)
    /// and ~/.local/bin under the real home. The blocked names themselves live in Core's HostPathRules, shared
    /// with the build; a mount can neither sit inside nor contain a protected folder.
    /// </summary>
    public static class BlockedHostPaths
    {
        /// <summary>The default location of the operator allowlist, relative to the home directory.</summary>
        public const string AllowlistRelativePath = ".config/agentspec/mount-allowlist.json";

        /// <summary>The protected folders (real paths where they exist) with their description.</summary>
        public static IEnumerable<(string Path, string Why)> ProtectedFolders(string home, string allowlistPath)
        {
            var allowlistFolder = Path.GetDirectoryName(Path.GetFullPath(allowlistPath)) ?? allowlistPath;
            yield return (HostPaths.RealPathOrFull(allowlistFolder), "the folder of the operator mount allowlist; an agent that can reach it could widen its own mounts");
            var defaultFolder = Path.Join(home, ".config/agentspec");
            if (defaultFolder != allowlistFolder)
            {
                yield return (HostPaths.RealPathOrFull(defaultFolder), "AgentSpec's own configuration folder");
            }

            yield return (HostPaths.RealPathOrFull(Path.Join(home, ".local/bin")), "~/.local/bin, whose programs run on the host with the operator's rights");
        }
    }
}
