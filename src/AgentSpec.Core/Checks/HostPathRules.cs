using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Checks;

/// <summary>
/// AGS0301–AGS0307: an operator mount's hostPath. The blocked patterns live here only; the runtime
/// re-applies <see cref="FindBlocked"/> to the real path after symlinks.
/// </summary>
internal static class HostPathRules
{
    /// <summary>Path segments that are never mounted, with why. A segment matches when it contains the pattern (case-insensitive).</summary>
    public static IReadOnlyList<(string Pattern, string Reason)> BlockedSegments { get; } = new[]
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

    /// <summary>
    /// Locations blocked as a whole, with everything inside them and every folder that contains them. A system
    /// location that is the operator's own home at run time (/root when agentspec runs as root) is governed by
    /// the '~/' rules instead; at build time the home is unknown, so '/root/...' is blocked and '~/...' is not.
    /// </summary>
    public static IReadOnlyList<(string Path, string Reason)> BlockedLocations { get; } = new[]
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

    /// <summary>Returns the normalised host path (~/… or /…, no '.', doubled or trailing '/'), or null after reporting.</summary>
    public static string? Check(Located<string> path, List<Finding> findings)
    {
        var value = path.Value;
        if (value.Length >= 2 && char.IsLetter(value[0]) && value[1] == ':' || value.StartsWith("\\\\", StringComparison.Ordinal) || value.IndexOf('\\') >= 0)
        {
            findings.Add(Rules.HostPathWindows.At(path.Span, value));
            return null;
        }

        if (value.StartsWith("~", StringComparison.Ordinal) && value != "~" && !value.StartsWith("~/", StringComparison.Ordinal))
        {
            findings.Add(Rules.HostPathOtherUser.At(path.Span, value));
            return null;
        }

        if (!value.StartsWith("/", StringComparison.Ordinal) && !value.StartsWith("~", StringComparison.Ordinal))
        {
            findings.Add(Rules.HostPathNotAbsolute.At(path.Span, value));
            return null;
        }

        if (value.IndexOf(':') >= 0)
        {
            findings.Add(Rules.HostPathColon.At(path.Span, value));
            return null;
        }

        var home = value.StartsWith("~", StringComparison.Ordinal);
        var segments = (home ? value.Substring(1) : value).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s != ".")
            .ToArray();
        if (segments.Contains(".."))
        {
            findings.Add(Rules.HostPathTraversal.At(path.Span, value));
            return null;
        }

        var normalized = (home ? "~/" : "/") + string.Join("/", segments);
        if (segments.Length == 0)
        {
            findings.Add(Rules.HostPathTooBroad.At(path.Span, value, home ? "your whole home folder" : "the host's whole filesystem"));
            return null;
        }

        var blocked = FindBlocked(normalized);
        if (blocked is not null)
        {
            findings.Add(Rules.HostPathBlocked.At(path.Span, value, blocked.Value.Pattern, blocked.Value.Reason));
            return null;
        }

        return home ? normalized : normalized;
    }

    /// <summary>
    /// The blocked pattern a path hits, if any. <paramref name="path"/> is '~/…' or absolute; <paramref name="home"/>
    /// (the real home folder, at run time) lets '~/' locations match absolute paths too.
    /// </summary>
    public static (string Pattern, string Reason)? FindBlocked(string path, string? home = null, IEnumerable<string>? extraPatterns = null)
    {
        var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        var extras = (extraPatterns ?? Array.Empty<string>()).Where(p => p.Length > 0).ToArray();
        foreach (var segment in segments)
        {
            foreach (var (pattern, reason) in BlockedSegments)
            {
                if (SegmentMatches(segment, pattern))
                {
                    return (pattern, reason);
                }
            }

            foreach (var pattern in extras.Where(p => p.IndexOf('/') < 0))
            {
                if (SegmentMatches(segment, pattern))
                {
                    return (pattern, ExtraReason);
                }
            }
        }

        var homeForm = home is null ? null : ToHomeForm(path, home);
        var candidates = homeForm is null ? new[] { path } : new[] { path, homeForm };
        foreach (var pattern in extras.Where(p => p.IndexOf('/') >= 0))
        {
            if (PathPatternMatches(pattern, segments, candidates))
            {
                return (pattern, ExtraReason);
            }
        }

        var ownHome = home?.TrimEnd('/');

        // Two passes so that a path reports the location it is in ('/run' is '/run', not '/run/docker'), and only
        // then a location it contains ('/var' holds '/var/lib/docker').
        foreach (var (location, reason) in BlockedLocations)
        {
            if (location != ownHome && candidates.Any(c => IsSameOrInside(c, location)))
            {
                return (location, reason);
            }
        }

        foreach (var (location, reason) in BlockedLocations)
        {
            if (location == ownHome)
            {
                continue;
            }

            // With the real home known, '~/.config/agentspec' is also '/home/op/.config/agentspec', which '/home' contains.
            var absolute = ownHome is not null && location.StartsWith("~/", StringComparison.Ordinal) ? ownHome + location.Substring(1) : null;
            foreach (var candidate in candidates)
            {
                if (IsSameOrInside(location, candidate) || (absolute is not null && IsSameOrInside(absolute, candidate)))
                {
                    return (location, reason);
                }

                // '~/.local/bin' also matches '/home/alice/.local/bin' when the home folder is unknown (build time).
                if (home is null && location.StartsWith("~/", StringComparison.Ordinal)
                    && ("/" + candidate.TrimEnd('/') + "/").IndexOf("/" + location.Substring(2) + "/", StringComparison.Ordinal) >= 0)
                {
                    return (location, reason);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// An allowlist pattern with '/': anchored ('/srv/secret', '~/work/private') it blocks that location, what is
    /// inside it and what contains it, like <see cref="BlockedLocations"/>; otherwise ('projects/webapp') it
    /// matches consecutive whole segments (ignoring case) anywhere in the path, so the folder and all below it.
    /// </summary>
    public static bool PathPatternMatches(string pattern, string[] pathSegments, IReadOnlyList<string> candidates)
    {
        if (pattern.StartsWith("/", StringComparison.Ordinal) || pattern.StartsWith("~/", StringComparison.Ordinal))
        {
            var anchored = (pattern.StartsWith("~/", StringComparison.Ordinal) ? "~/" : "/")
                + string.Join("/", pattern.Substring(pattern[0] == '~' ? 2 : 1).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries));
            return candidates.Any(c => IsSameOrInside(c, anchored) || IsSameOrInside(anchored, c));
        }

        var wanted = pattern.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        for (var start = 0; wanted.Length > 0 && start + wanted.Length <= pathSegments.Length; start++)
        {
            var all = true;
            for (var i = 0; i < wanted.Length && all; i++)
            {
                all = string.Equals(pathSegments[start + i], wanted[i], StringComparison.OrdinalIgnoreCase);
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A segment matches when it contains the pattern, ignoring case: 'id_rsa.pub', '.env.local' and 'old.ssh' are all caught.</summary>
    public static bool SegmentMatches(string segment, string pattern) =>
        segment.IndexOf(pattern, StringComparison.OrdinalIgnoreCase) >= 0;

    private const string ExtraReason = "listed in the allowlist's blockedPatterns";

    private static string ToHomeForm(string path, string home)
    {
        var h = home.TrimEnd('/');
        return path == h ? "~" : path.StartsWith(h + "/", StringComparison.Ordinal) ? "~/" + path.Substring(h.Length + 1) : path;
    }

    private static bool IsSameOrInside(string path, string root)
    {
        var p = path.TrimEnd('/');
        var r = root.TrimEnd('/');
        if (p == "~")
        {
            return r.StartsWith("~/", StringComparison.Ordinal);
        }

        return p == r || p.StartsWith(r + "/", StringComparison.Ordinal);
    }
}
