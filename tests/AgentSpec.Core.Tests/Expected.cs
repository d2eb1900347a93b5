using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;
using Xunit;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// Expected values written out by hand from DESIGN.md and docs/host-managed-mounts.md, never read from the code
    /// under test: a change to a rule or to the host-managed table has to change this file too, in review.
    /// </summary>
    internal static class Expected
    {
        /// <summary>The twelve host-managed mounts (with NanoClaw's runner layout, issue 20): name, host source template, container path, read-only, kind.</summary>
        public static readonly (string Name, string Source, string Target, bool ReadOnly, MountKind Kind)[] HostManaged =
        {
            ("workspace", "{dataRoot}/data/v2-sessions/{id}/{session}", "/workspace", false, MountKind.Bind),
            ("agent", "{dataRoot}/groups/{folder}", "/workspace/agent", false, MountKind.Bind),
            ("container.json", "{dataRoot}/groups/{folder}/container.json", "/workspace/agent/container.json", true, MountKind.Bind),
            ("CLAUDE.md", "{dataRoot}/groups/{folder}/CLAUDE.md", "/workspace/agent/CLAUDE.md", true, MountKind.Bind),
            (".claude-fragments", "{dataRoot}/groups/{folder}/.claude-fragments", "/workspace/agent/.claude-fragments", true, MountKind.Bind),
            ("skill-data", "{dataRoot}/data/v2-sessions/{id}/skill-data", "/workspace/skill-data", false, MountKind.Bind),
            (".claude", "{dataRoot}/data/v2-sessions/{id}/.claude-shared", "/home/node/.claude", false, MountKind.Bind),
            ("global", "{dataRoot}/groups/global", "/workspace/global", true, MountKind.Bind),
            ("skills", "{dataRoot}/container/skills", "/app/skills", true, MountKind.Bind),
            ("src", "{dataRoot}/container/agent-runner/src", "/app/src", true, MountKind.Bind),
            ("shared-CLAUDE.md", "{dataRoot}/container/CLAUDE.md", "/app/CLAUDE.md", true, MountKind.Bind),
            ("extra", "tmpfs", "/workspace/extra", true, MountKind.Tmpfs),
        };

        /// <summary>The table as mounts, for comparing whole plans.</summary>
        public static IReadOnlyList<Mount> HostManagedMounts { get; } =
            HostManaged.Select(m => new Mount(m.Name, m.Source, m.Target, m.ReadOnly, MountOrigin.HostManaged, m.Kind)).ToArray();

        /// <summary>
        /// The host-managed mounts of a group with a list of skills (docs/groups-yaml.md): /app/skills is a read-only tmpfs
        /// and each listed skill one read-only bind of container/skills/&lt;name&gt; below it; null (all) is the table.
        /// </summary>
        public static (string Name, string Source, string Target, bool ReadOnly, MountKind Kind)[] HostManagedFor(IEnumerable<string>? skills) =>
            skills is null
                ? HostManaged
                : HostManaged.SelectMany(m => m.Name != "skills"
                    ? new[] { m }
                    : new[] { ("skills", "tmpfs", "/app/skills", true, MountKind.Tmpfs) }
                        .Concat(skills.Select(s => ("skills/" + s, "{dataRoot}/container/skills/" + s, "/app/skills/" + s, true, MountKind.Bind)))).ToArray();

        /// <summary>Asserts that <paramref name="mounts"/> is exactly the literal table (for these skills; null: all), row by row, with a message naming the row.</summary>
        public static void AssertHostManaged(IEnumerable<Mount> mounts, IEnumerable<string>? skills = null)
        {
            var expected = HostManagedFor(skills);
            var actual = mounts.ToList();
            Assert.True(actual.Count == expected.Length, $"expected {expected.Length} host-managed mounts, got {actual.Count}: {string.Join(", ", actual.Select(m => m.Name))}");
            for (var i = 0; i < expected.Length; i++)
            {
                var (name, source, target, readOnly, kind) = expected[i];
                var m = actual[i];
                Assert.True(
                    m.Name == name && m.HostSource == source && m.ContainerPath == target && m.ReadOnly == readOnly && m.Kind == kind && m.Origin == MountOrigin.HostManaged,
                    $"host-managed mount {i}: expected ({name}, {source}, {target}, {(readOnly ? "ro" : "rw")}, {kind}), got ({m.Name}, {m.HostSource}, {m.ContainerPath}, {m.Mode}, {m.Kind}, {m.Origin})");
            }
        }

        /// <summary>The blocked name fragments and their reasons (a path segment containing one, in any case, is refused).</summary>
        public static readonly (string Pattern, string Reason)[] BlockedSegments =
        {
            (".ssh", "SSH keys"),
            (".gnupg", "GPG keys"),
            (".gpg", "GPG keys and keyrings"),
            (".aws", "AWS credentials"),
            (".azure", "Azure credentials"),
            (".gcloud", "Google Cloud credentials"),
            (".kube", "Kubernetes credentials"),
            (".docker", "Docker credentials"),
            ("credentials", "credentials"),
            (".env", "environment secrets"),
            (".netrc", "network credentials"),
            (".npmrc", "npm tokens"),
            (".pypirc", "PyPI tokens"),
            ("id_rsa", "an SSH private key"),
            ("id_ed25519", "an SSH private key"),
            ("private_key", "a private key"),
            (".secret", "secrets"),
            ("docker.sock", "the Docker socket, which gives root on the host"),
        };

        /// <summary>The blocked locations (the folder, what is inside and what contains it) and their reasons.</summary>
        public static readonly (string Location, string Reason)[] BlockedLocations =
        {
            ("~/.config/agentspec", "the mount allowlist's own folder"),
            ("~/.local/bin", "programs on the operator's PATH"),
            ("/etc", "host system configuration"),
            ("/root", "the root user's home, with its keys and configuration"),
            ("/proc", "host kernel interfaces"),
            ("/sys", "host kernel interfaces"),
            ("/dev", "host devices"),
            ("/boot", "the host's boot files"),
            ("/var/lib/docker", "the Docker engine's images, containers and volumes"),
            ("/var/lib/containerd", "the container runtime's images and snapshots"),
            ("/run/docker", "the Docker engine's runtime state and socket"),
            ("/run", "host runtime sockets, including the Docker engine's"),
            ("/var/run", "host runtime sockets, including the Docker engine's"),
        };

        /// <summary>
        /// An independent statement of "this declared host path (~/… or /…, normalised) must be refused", for the fuzz
        /// tests: a segment containing a blocked fragment, or a path equal to, inside or above a blocked location
        /// ('~/' locations also anywhere below a home, as '/home/x/.local/bin').
        /// </summary>
        public static bool IsBlockedHostPath(string path)
        {
            var lower = path.ToLowerInvariant();
            if (lower.Split('/').Any(s => BlockedSegments.Any(b => s.Contains(b.Pattern, StringComparison.Ordinal))))
            {
                return true;
            }

            foreach (var (location, _) in BlockedLocations)
            {
                if (path == location || path.StartsWith(location + "/", StringComparison.Ordinal) || location.StartsWith(path + "/", StringComparison.Ordinal))
                {
                    return true;
                }

                if (location.StartsWith("~/", StringComparison.Ordinal) && (path + "/").Contains(location.Substring(1) + "/", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An independent statement of "this character may not appear in any value": C0 controls, DEL, C1 controls, and
        /// the invisible or direction-changing characters listed by hand (every Unicode format character, the line and
        /// paragraph separators).
        /// </summary>
        public static bool IsUnsafeCharacter(char c) =>
            c <= '\u001F' || (c >= '\u007F' && c <= '\u009F')
            || c == '\u2028' || c == '\u2029'
            || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

        /// <summary>Environment variable names the host sets or that point at the host's proxy; groups.yaml cannot set them.</summary>
        public static readonly string[] ReservedEnvironment =
        {
            "SKILL_DATA_DIR", "AGENTSPEC_GROUP_ID", "AGENTSPEC_GROUP_FOLDER", "AGENTSPEC_MAIN", "CLAUDE_CONFIG_DIR", "HOME",
            "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy",
        };

        public static bool IsReservedEnvironmentName(string name) =>
            ReservedEnvironment.Contains(name, StringComparer.Ordinal) || name.StartsWith("AGENTSPEC_", StringComparison.Ordinal);
    }
}
