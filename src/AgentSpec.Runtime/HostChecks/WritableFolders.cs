using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The folders containers can write outside the data root. The engine binds by path, so nothing AgentSpec relies
/// on (a mount source, the data root, the allowlist) may lie inside one: its agent could swap a folder on the way
/// for a symbolic link, or rewrite the file. A mount of exactly such a folder is sharing, not a swap risk.
/// </summary>
internal static class WritableFolders
{
    /// <summary>The real paths of every read-write operator mount of these plans that exists on this host.</summary>
    public static IReadOnlyList<WritableFolder> Of(IEnumerable<GroupPlan> plans, string home)
    {
        var folders = new List<WritableFolder>();
        foreach (var plan in plans)
        {
            foreach (var mount in plan.Mounts.Operator.Where(m => !m.ReadOnly))
            {
                if (HostPaths.Resolve(HostPaths.ExpandHome(mount.HostSource, home)).RealPath is { } real)
                {
                    folders.Add(new WritableFolder(real, plan.Id, mount.Name));
                }
            }
        }

        return folders;
    }

    /// <summary>The installation's plans with <paramref name="plan"/> among them (default: the plan alone).</summary>
    public static IEnumerable<GroupPlan> Installation(GroupPlan plan, IReadOnlyList<GroupPlan>? installation) =>
        installation is null ? new[] { plan } : installation.Contains(plan) ? installation : installation.Append(plan);

    /// <summary>The writable folder that <paramref name="realPath"/> is or lies in; with <paramref name="strictly"/>, only one it lies below.</summary>
    public static WritableFolder? Containing(this IReadOnlyList<WritableFolder> folders, string realPath, bool strictly = false) =>
        folders.FirstOrDefault(w => (!strictly || realPath != w.RealPath) && HostPaths.IsSameOrUnder(realPath, w.RealPath));
}
