using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Checks;

/// <summary>AGS0206, AGS0207, AGS0308, AGS0410, AGS0601 and the path rules: the mounts of a group, and mount sources across groups.</summary>
internal static class MountRules
{
    /// <summary>
    /// AGS0206, AGS0207, AGS0410, AGS0601 and the path rules: returns each mount with its normalised paths; a repeated
    /// container path is reported and left without one, so only its first use becomes part of the plan.
    /// </summary>
    public static IReadOnlyList<CheckedMount> Check(GroupDeclaration group, FileDeclaration file, List<Finding> findings)
    {
        var paths = new Dictionary<string, MountDeclaration>(StringComparer.Ordinal);
        var groupName = group.Id?.Value ?? "?";
        var result = new List<CheckedMount>(group.Mounts.Count);
        foreach (var mount in group.Mounts)
        {
            var before = findings.Count;
            var hostPath = mount.HostPath is { } host ? HostPathRules.Check(host, findings) : null;
            var relative = mount.ContainerPath is { } container ? ContainerPathRules.Check(container, findings) : null;
            var containerPath = relative;
            if (relative is not null)
            {
                if (paths.TryGetValue(relative, out var first))
                {
                    findings.Add(Rules.DuplicateContainerPath.At(mount.ContainerPath!.Span, relative, groupName, first.ContainerPath!.Span.StartLine + 1));
                    containerPath = null;
                }
                else
                {
                    paths.Add(relative, mount);
                }
            }

            // One root cause, reported once: a mount whose path is refused is never mounted, so its mode is moot.
            var refused = findings.Skip(before).Any(f => f.IsError);
            if (!refused && mount.Node.Get("readonly") is null && mount.HostPath is not null && mount.ContainerPath is not null)
            {
                var span = mount.Node.Span.StartLine == mount.ContainerPath.Span.StartLine ? mount.ContainerPath.Span : mount.HostPath.Span;
                findings.Add(Rules.ReadonlyDefaulted.At(span, relative ?? mount.ContainerPath.Value));
            }

            if (mount.ReadOnly is { Value: false } rw && !group.IsMain && file.NonMainReadOnly)
            {
                findings.Add(Rules.NonMainReadWrite.At(rw.Span, groupName, relative ?? mount.ContainerPath?.Value ?? "?"));
            }

            result.Add(new CheckedMount(mount, containerPath, hostPath));
        }

        // Nesting: walk each path's ancestors (depth-bounded), so the check stays linear.
        foreach (var pair in paths)
        {
            var path = pair.Key;
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                var outerPath = path.Substring(0, slash);
                if (paths.TryGetValue(outerPath, out var outer))
                {
                    findings.Add(Rules.NestedContainerPath.At(pair.Value.ContainerPath!.Span, path, outerPath, outer.ContainerPath!.Span.StartLine + 1));
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// AGS0308: no mount source may lie strictly inside a folder that any group (this one too) mounts read-write.
    /// The engine binds by path, so a folder on that path could be swapped for a symbolic link by the agent that
    /// writes it. The same folder mounted twice is sharing, not a swap risk. Declared forms only ('~/a' and
    /// '/home/me/a' are compared at run time, on real paths). Linear: each path's ancestors are looked up.
    /// </summary>
    public static void CheckSourcesInsideWritableMounts(List<CheckedGroup> groups, List<Finding> findings)
    {
        var writable = new Dictionary<string, (GroupDeclaration Group, MountDeclaration Mount)>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var mount in group.Mounts)
            {
                if (!mount.Declaration.IsReadOnly && mount.HostPath is { } path && !writable.ContainsKey(path))
                {
                    writable.Add(path, (group.Declaration, mount.Declaration));
                }
            }
        }

        if (writable.Count == 0)
        {
            return;
        }

        foreach (var mount in groups.SelectMany(g => g.Mounts))
        {
            var path = mount.HostPath;
            if (path is null)
            {
                continue;
            }

            for (var slash = path.LastIndexOf('/'); slash > 1; slash = path.LastIndexOf('/', slash - 1))
            {
                if (writable.TryGetValue(path.Substring(0, slash), out var outer))
                {
                    var host = mount.Declaration.HostPath!;
                    var outerHost = outer.Mount.HostPath!;
                    var outerGroup = outer.Group.Id?.Value ?? "?";
                    findings.Add(Rules.HostPathInsideWritableMount.At(host.Span, host.Value, outerHost.Value, outerGroup, outerHost.Span.StartLine + 1));
                    break;
                }
            }
        }
    }
}
