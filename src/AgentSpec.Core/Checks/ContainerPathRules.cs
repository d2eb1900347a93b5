using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Core.Checks;

/// <summary>AGS0201–AGS0205, AGS0208, AGS0602: an operator mount's containerPath, relative to /workspace/extra/.</summary>
internal static class ContainerPathRules
{
    /// <summary>Returns the normalised relative path ('a/b', no trailing or doubled '/'), or null after reporting why it cannot be used.</summary>
    public static string? Check(Located<string> path, List<Finding> findings)
    {
        var value = path.Value;
        if (value.Trim().Length == 0)
        {
            findings.Add(Rules.ContainerPathEmpty.At(path.Span));
            return null;
        }

        if (value.IndexOf('\\') >= 0)
        {
            findings.Add(Rules.ContainerPathBackslash.At(path.Span, value, value.Replace('\\', '/').Trim('/')));
            return null;
        }

        if (value.IndexOf(':') >= 0)
        {
            findings.Add(Rules.ContainerPathColon.At(path.Span, value));
            return null;
        }

        var segments = value.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);

        // Root cause first: '/workspace/./skill-data/' normalises onto a host-managed mount; say that, not "'.' segment".
        if (value.StartsWith("/", StringComparison.Ordinal) && !segments.Contains(".."))
        {
            var plain = segments.Where(s => s != ".").ToArray();
            var absolute = "/" + string.Join("/", plain);
            var managed = HostManagedMounts.Covering(absolute);
            if (plain.Length > 0 && managed is not null && !absolute.StartsWith(HostManagedMounts.OperatorMountRoot + "/", StringComparison.Ordinal))
            {
                findings.Add(Rules.ContainerPathHostManaged.At(path.Span, value, managed.ContainerPath, managed.Name, plain[plain.Length - 1]));
                return null;
            }
        }

        var dotted = segments.FirstOrDefault(s => s == "." || s == "..");
        if (dotted is not null)
        {
            findings.Add(Rules.ContainerPathTraversal.At(path.Span, value, dotted));
            return null;
        }

        var normalized = string.Join("/", segments);
        if (normalized.Length == 0)
        {
            // Only slashes: "/" names the container's root.
            findings.Add(Rules.ContainerPathHostManaged.At(path.Span, value, "/", "workspace", "notes"));
            return null;
        }

        if (value.StartsWith("/", StringComparison.Ordinal))
        {
            var absolute = "/" + normalized;
            var extraPrefix = HostManagedMounts.OperatorMountRoot + "/";
            if (absolute.StartsWith(extraPrefix, StringComparison.Ordinal))
            {
                findings.Add(Rules.ContainerPathAbsolute.At(path.Span, value, absolute.Substring(extraPrefix.Length)));
                return null;
            }

            findings.Add(Rules.ContainerPathAbsolute.At(path.Span, value, normalized));
            return null;
        }

        var lookalike = HostManagedMounts.Named(segments[0]);
        if (lookalike is not null)
        {
            findings.Add(Rules.ContainerPathLooksHostManaged.At(path.Span, normalized, lookalike.Name, lookalike.ContainerPath));
        }

        return normalized;
    }
}
