using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Model;

/// <summary>
/// The same folder mounted by two groups is sharing, not a swap risk (nothing above it is writable by a
/// container; AGS0308 and the run-time check refuse a mount INSIDE another's read-write folder). Reviewers
/// still need to see it: what a writing group leaves there reaches every group that mounts it.
/// </summary>
internal static class SharedFolders
{
    /// <summary>Operator host paths (declared form) mounted by at least two groups, in first-use order.</summary>
    public static IReadOnlyList<SharedFolder> Find(IEnumerable<GroupPlan> plans) =>
        plans
            .SelectMany(p => p.Mounts.Operator.Select(m => (Path: m.HostSource, Use: new SharedFolderUse(p.Id, m.Name, m.ReadOnly))))
            .GroupBy(x => x.Path, StringComparer.Ordinal)
            .Where(g => g.Select(x => x.Use.GroupId).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => new SharedFolder(g.Key, g.Select(x => x.Use).ToEquatableArray()))
            .ToList();
}
