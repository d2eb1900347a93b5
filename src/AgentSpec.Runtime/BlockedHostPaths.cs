using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime
{
    /// <summary>
    /// The blocked host paths of DESIGN.md, applied at run time to REAL paths (after symlinks). A path is blocked
    /// when one of its components is a blocked name (or starts with it followed by '.', '-' or '_', so
    /// 'id_rsa.pub' and '.env.local' are caught too), or when it overlaps one of the protected folders (the
    /// allowlist's own folder, ~/.local/bin): a mount can neither sit inside nor contain them.
    /// </summary>
    public static class BlockedHostPaths
    {
        /// <summary>The built-in blocked names with the reason shown in errors.</summary>
        public static IReadOnlyDictionary<string, string> Patterns { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [".ssh"] = "SSH keys",
            [".gnupg"] = "GnuPG keys",
            [".aws"] = "AWS credentials",
            [".azure"] = "Azure credentials",
            [".gcloud"] = "Google Cloud credentials",
            [".kube"] = "Kubernetes credentials",
            [".docker"] = "Docker credentials",
            ["credentials"] = "credential files",
            [".env"] = "environment files with secrets",
            [".netrc"] = "network login credentials",
            [".npmrc"] = "npm tokens",
            [".pypirc"] = "PyPI tokens",
            ["id_rsa"] = "SSH private keys",
            ["id_ed25519"] = "SSH private keys",
            ["private_key"] = "private keys",
            [".secret"] = "secrets",
        };

        /// <summary>The default location of the operator allowlist, relative to the home directory.</summary>
        public const string AllowlistRelativePath = ".config/agentspec/mount-allowlist.json";

        /// <summary>The blocked name that a component of <paramref name="realPath"/> matches, if any.</summary>
        public static string? MatchName(string realPath, IEnumerable<string> extraPatterns)
        {
            var patterns = Patterns.Keys.Concat(extraPatterns).Where(p => p.Length > 0).ToList();
            foreach (var component in HostPaths.Split(realPath))
            {
                foreach (var pattern in patterns)
                {
                    if (ComponentMatches(component, pattern))
                    {
                        return pattern;
                    }
                }
            }

            return null;
        }

        /// <summary>Why a pattern is blocked, for messages.</summary>
        public static string Describe(string pattern) =>
            Patterns.TryGetValue(pattern, out var why) ? why : "listed in the allowlist's blockedPatterns";

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

        private static bool ComponentMatches(string component, string pattern)
        {
            if (string.Equals(component, pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (component.Length > pattern.Length && component.StartsWith(pattern, StringComparison.OrdinalIgnoreCase))
            {
                var next = component[pattern.Length];
                return next is '.' or '-' or '_';
            }

            return false;
        }
    }
}
