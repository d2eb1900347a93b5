// Over 300 lines on purpose: every change kind of the review diff, compared side by side.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>
/// The access difference between two compiled groups.yaml files (base → head). Pure.
/// <para>Groups are matched by id. A base group and a head group with different ids but the same folder are one group
/// renamed: it keeps groups/&lt;folder&gt;/ (/workspace/agent), but the id keys its data (data/v2-sessions/&lt;id&gt;/:
/// sessions, skill-data, .claude-shared), so under the new id it inherits whatever lies there. That is a grant
/// (group-renamed), plus any other change between the two. Different id and different folder: a removed group and an
/// added one.</para>
/// <para>Operator mounts of a group are matched by container path, then the rest by identical host path, then by
/// host paths that contain one another; whatever is left is added or removed. Host paths are compared as the plan
/// holds them ('~/…' or absolute): '~/projects' contains '~/projects/webapp' by path segments, not by string prefix
/// ('~/projects-old' is not inside '~/projects'); a '~/' path and an absolute one are never related here because the
/// home folder is known only on the host that runs the agents.</para>
/// </summary>
internal static class AccessDiff
{
    /// <summary>Parts of an environment variable name that mark a credential: giving an agent one grants access.</summary>
    private static readonly string[] CredentialMarkers = { "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "AUTH" };

    public static EquatableArray<AccessChange> Compare(ReviewInput before, ReviewInput after)
    {
        var changes = new List<AccessChange>();
        ComparePolicy(before.Sources.Policy, after.Sources.Policy, changes);

        var basePlans = before.Result.Plans.ToList();
        var headPlans = after.Result.Plans.ToList();
        var removed = basePlans.Where(b => headPlans.All(h => h.Id != b.Id)).ToList();
        var added = headPlans.Where(h => basePlans.All(b => b.Id != h.Id)).ToList();
        var renamedFrom = new Dictionary<string, GroupPlan>(StringComparer.Ordinal);
        foreach (var head in added.ToList())
        {
            var old = removed.FirstOrDefault(b => b.Folder == head.Folder);
            if (old is not null)
            {
                renamedFrom[head.Id] = old;
                removed.Remove(old);
                added.Remove(head);
            }
        }

        foreach (var head in headPlans)
        {
            var headLines = after.Sources.Group(head.Id);
            if (renamedFrom.TryGetValue(head.Id, out var old))
            {
                var oldLines = before.Sources.Group(old.Id);
                // The id keys data/v2-sessions/<id>/: the renamed group's data moves, and it inherits what lies there.
                changes.Add(new AccessChange(head.Id, ChangeEffect.Grant, ChangeKinds.GroupRenamed, DataFolder(old.Id), DataFolder(head.Id), oldLines?.Line, headLines?.Line));
                CompareGroup(old, head, oldLines, headLines, changes);
            }
            else if (added.Contains(head))
            {
                WholeGroup(head, headLines, added: true, changes);
            }
            else
            {
                var basePlan = basePlans.First(b => b.Id == head.Id);
                CompareGroup(basePlan, head, before.Sources.Group(basePlan.Id), headLines, changes);
            }
        }

        foreach (var old in removed)
        {
            WholeGroup(old, before.Sources.Group(old.Id), added: false, changes);
        }

        return changes.ToEquatableArray();
    }

    /// <summary>Whether <paramref name="outer"/> is <paramref name="inner"/> or one of its parent folders, by whole segments ('~/a' holds '~/a/b', not '~/ab').</summary>
    public static bool Contains(string outer, string inner)
    {
        var o = outer.TrimEnd('/');
        var i = inner.TrimEnd('/');
        if (o.Length == 0 || o == "~")
        {
            return o == "~" ? i == "~" || i.StartsWith("~/", StringComparison.Ordinal) : i.StartsWith("/", StringComparison.Ordinal);
        }

        return i == o || i.StartsWith(o + "/", StringComparison.Ordinal);
    }

    private static void ComparePolicy(FilePolicy before, FilePolicy after, List<AccessChange> changes)
    {
        PolicyFlag("nonMainReadOnly", before.NonMainReadOnly, after.NonMainReadOnly, grantWhen: false, before.NonMainReadOnlyLine, after.NonMainReadOnlyLine, changes);
        PolicyFlag("nonMainProxy", before.NonMainProxy, after.NonMainProxy, grantWhen: true, before.NonMainProxyLine, after.NonMainProxyLine, changes);
        PolicyFlag("nonMainEgress", before.NonMainEgress, after.NonMainEgress, grantWhen: true, before.NonMainEgressLine, after.NonMainEgressLine, changes);
        PolicyFlag(
            "nonMainCredentials", before.NonMainCredentials, after.NonMainCredentials, grantWhen: true,
            before.NonMainCredentialsLine, after.NonMainCredentialsLine, changes);
    }

    /// <summary>A boolean file policy that changed: a grant when it now has the value that allows more (<paramref name="grantWhen"/>).</summary>
    private static void PolicyFlag(string name, bool before, bool after, bool grantWhen, int? beforeLine, int? afterLine, List<AccessChange> changes)
    {
        if (before == after)
        {
            return;
        }

        var grant = after == grantWhen;
        changes.Add(new AccessChange(
            null,
            grant ? ChangeEffect.Grant : ChangeEffect.Revoke,
            grant ? ChangeKinds.PolicyRelaxed : ChangeKinds.PolicyTightened,
            name + ": " + Bool(before),
            name + ": " + Bool(after),
            beforeLine,
            afterLine));
    }

    /// <summary>A group that exists on one side only: the group, then each of its operator mounts.</summary>
    private static void WholeGroup(GroupPlan plan, GroupLines? lines, bool added, List<AccessChange> changes)
    {
        var line = lines?.Line;
        changes.Add(added
            ? new AccessChange(plan.Id, ChangeEffect.Grant, ChangeKinds.GroupAdded, null, Summary(plan), null, line)
            : new AccessChange(plan.Id, ChangeEffect.Revoke, ChangeKinds.GroupRemoved, Summary(plan), null, line, null));
        foreach (var mount in plan.Mounts.Operator)
        {
            var mountLine = lines?.Mount(mount.ContainerPath)?.Line;
            changes.Add(added
                ? MountChange(plan.Id, ChangeEffect.Grant, ChangeKinds.MountAdded, null, mount, null, mountLine)
                : MountChange(plan.Id, ChangeEffect.Revoke, ChangeKinds.MountRemoved, mount, null, mountLine, null));
        }

        EgressDiff.Compare(plan.Id, added ? EquatableArray<EgressRule>.Empty : plan.Egress, added ? plan.Egress : EquatableArray<EgressRule>.Empty,
            added ? null : lines, added ? lines : null, changes);
        McpDiff.Compare(
            plan.Id, added ? AgentSettings.None : plan.Agent, added ? plan.Agent : AgentSettings.None, added ? null : lines, added ? lines : null, changes);
    }

    private static void CompareGroup(GroupPlan b, GroupPlan h, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        var id = h.Id;
        if (b.Name != h.Name)
        {
            changes.Add(new AccessChange(id, ChangeEffect.Neutral, ChangeKinds.NameChanged, b.Name, h.Name, bl?.NameLine, hl?.NameLine));
        }

        if (b.Folder != h.Folder)
        {
            // Another folder is another groups/<folder>/ at /workspace/agent: the agent now reads and writes what is there.
            changes.Add(new AccessChange(id, ChangeEffect.Grant, ChangeKinds.FolderChanged, b.Folder, h.Folder, bl?.FolderLine, hl?.FolderLine));
        }

        if (b.IsMain != h.IsMain)
        {
            changes.Add(new AccessChange(id, h.IsMain ? ChangeEffect.Grant : ChangeEffect.Revoke, h.IsMain ? ChangeKinds.MadeMain : ChangeKinds.MadeNonMain, "main: " + Bool(b.IsMain), "main: " + Bool(h.IsMain), bl?.MainLine, hl?.MainLine ?? hl?.Line));
        }

        if (b.Image != h.Image)
        {
            changes.Add(new AccessChange(id, ChangeEffect.Grant, ChangeKinds.ImageChanged, b.Image, h.Image, bl?.ImageLine, hl?.ImageLine));
        }

        if (!Equals(b.User, h.User))
        {
            // Another uid:gid owns and may write other files on every read-write bind.
            changes.Add(new AccessChange(id, ChangeEffect.Grant, ChangeKinds.UserChanged, User(b.User), User(h.User), bl?.UserLine, hl?.UserLine));
        }

        if (b.Limits.Pids != h.Limits.Pids)
        {
            var raised = h.Limits.Pids > b.Limits.Pids;
            changes.Add(new AccessChange(id, raised ? ChangeEffect.Grant : ChangeEffect.Revoke, raised ? ChangeKinds.LimitsRaised : ChangeKinds.LimitsLowered, "pids: " + Num(b.Limits.Pids), "pids: " + Num(h.Limits.Pids), bl?.PidsLine, hl?.PidsLine));
        }

        if (b.Limits.MemoryBytes != h.Limits.MemoryBytes)
        {
            var raised = h.Limits.MemoryBytes > b.Limits.MemoryBytes;
            changes.Add(new AccessChange(id, raised ? ChangeEffect.Grant : ChangeEffect.Revoke, raised ? ChangeKinds.LimitsRaised : ChangeKinds.LimitsLowered, "memory: " + b.Limits.Memory, "memory: " + h.Limits.Memory, bl?.MemoryLine, hl?.MemoryLine));
        }

        // Disk bounds: more scratch space or log is more of the host's memory and disk, so raising one is a grant, like pids and memory.
        CompareSize(id, "tmp", b.Limits.TmpBytes, h.Limits.TmpBytes, bl?.TmpLine, hl?.TmpLine, changes);
        CompareSize(id, "home", b.Limits.HomeBytes, h.Limits.HomeBytes, bl?.HomeLine, hl?.HomeLine, changes);
        CompareSize(id, "logs", b.Limits.LogBytes, h.Limits.LogBytes, bl?.LogsLine, hl?.LogsLine, changes);

        if (b.Network != h.Network)
        {
            // none < gateway (declared destinations) < proxy (whatever the operator's proxy lets out).
            var widened = NetworkRank(h.Network) > NetworkRank(b.Network);
            changes.Add(new AccessChange(id, widened ? ChangeEffect.Grant : ChangeEffect.Revoke, widened ? ChangeKinds.NetworkWidened : ChangeKinds.NetworkNarrowed, "network: " + b.Network.Name(), "network: " + h.Network.Name(), bl?.NetworkLine, hl?.NetworkLine));
        }

        CompareSkills(b, h, bl, hl, changes);
        CompareMounts(id, b.Mounts.Operator.ToList(), h.Mounts.Operator.ToList(), bl, hl, changes);
        CompareEnv(id, b, h, bl, hl, changes);
        EgressDiff.Compare(id, b.Egress, h.Egress, bl, hl, changes);
        McpDiff.Compare(id, b.Agent, h.Agent, bl, hl, changes);
    }

    private static int NetworkRank(NetworkMode mode) => mode switch { NetworkMode.Gateway => 1, NetworkMode.Proxy => 2, _ => 0 };

    private static void CompareSize(string id, string key, long before, long after, int? baseLine, int? headLine, List<AccessChange> changes)
    {
        if (before != after)
        {
            var raised = after > before;
            changes.Add(new AccessChange(id, raised ? ChangeEffect.Grant : ChangeEffect.Revoke, raised ? ChangeKinds.LimitsRaised : ChangeKinds.LimitsLowered, key + ": " + ResourceLimits.FormatMemory(before), key + ": " + ResourceLimits.FormatMemory(after), baseLine, headLine));
        }
    }

    private static void CompareSkills(GroupPlan b, GroupPlan h, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        var before = b.Skills?.ToList();
        var after = h.Skills?.ToList();
        var gained = before is null ? new List<string>() : after is null ? new List<string> { "all" } : after.Except(before).ToList();
        var lost = after is null ? new List<string>() : before is null ? new List<string> { "all" } : before.Except(after).ToList();
        if (gained.Count > 0)
        {
            changes.Add(new AccessChange(h.Id, ChangeEffect.Grant, ChangeKinds.SkillsAdded, Skills(before), Skills(after), bl?.SkillsLine, hl?.SkillsLine));
        }

        if (lost.Count > 0)
        {
            changes.Add(new AccessChange(h.Id, ChangeEffect.Revoke, ChangeKinds.SkillsRemoved, Skills(before), Skills(after), bl?.SkillsLine, hl?.SkillsLine));
        }
    }

    private static void CompareMounts(string id, List<Mount> before, List<Mount> after, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        var pairs = new List<(Mount Before, Mount After)>();
        void Pair(Func<Mount, Mount, bool> match)
        {
            foreach (var a in after.ToList())
            {
                var b = before.FirstOrDefault(x => match(x, a));
                if (b is not null)
                {
                    pairs.Add((b, a));
                    before.Remove(b);
                    after.Remove(a);
                }
            }
        }

        Pair((b, a) => b.ContainerPath == a.ContainerPath);
        Pair((b, a) => b.HostSource == a.HostSource);
        Pair((b, a) => Contains(b.HostSource, a.HostSource) || Contains(a.HostSource, b.HostSource));

        foreach (var (b, a) in pairs.OrderBy(p => hl?.Mount(p.After.ContainerPath)?.Line ?? int.MaxValue))
        {
            var blm = bl?.Mount(b.ContainerPath);
            var alm = hl?.Mount(a.ContainerPath);
            if (b.HostSource != a.HostSource)
            {
                var (effect, kind) = Contains(a.HostSource, b.HostSource) ? (ChangeEffect.Grant, ChangeKinds.HostPathWidened)
                    : Contains(b.HostSource, a.HostSource) ? (ChangeEffect.Revoke, ChangeKinds.HostPathNarrowed)
                    : (ChangeEffect.Grant, ChangeKinds.HostPathMoved);
                changes.Add(new AccessChange(id, effect, kind, b.HostSource, a.HostSource, blm?.HostPathLine, alm?.HostPathLine, a.HostSource, a.ContainerPath) { IsWriteGrant = effect == ChangeEffect.Grant && !a.ReadOnly });
            }

            if (b.ContainerPath != a.ContainerPath)
            {
                var (effect, kind) = Contains(a.ContainerPath, b.ContainerPath) ? (ChangeEffect.Grant, ChangeKinds.ContainerPathWidened)
                    : Contains(b.ContainerPath, a.ContainerPath) ? (ChangeEffect.Revoke, ChangeKinds.ContainerPathNarrowed)
                    : (ChangeEffect.Neutral, ChangeKinds.ContainerPathMoved);
                changes.Add(new AccessChange(id, effect, kind, b.ContainerPath, a.ContainerPath, blm?.ContainerPathLine, alm?.ContainerPathLine, a.HostSource, a.ContainerPath) { IsWriteGrant = effect == ChangeEffect.Grant && !a.ReadOnly });
            }

            if (b.ReadOnly != a.ReadOnly)
            {
                var grant = !a.ReadOnly;
                changes.Add(new AccessChange(id, grant ? ChangeEffect.Grant : ChangeEffect.Revoke, grant ? ChangeKinds.MadeReadWrite : ChangeKinds.MadeReadOnly, b.Mode, a.Mode, blm?.ReadOnlyLine ?? blm?.Line, alm?.ReadOnlyLine ?? alm?.Line, a.HostSource, a.ContainerPath) { IsWriteGrant = grant });
            }
        }

        foreach (var a in after)
        {
            changes.Add(MountChange(id, ChangeEffect.Grant, ChangeKinds.MountAdded, null, a, null, hl?.Mount(a.ContainerPath)?.Line));
        }

        foreach (var b in before)
        {
            changes.Add(MountChange(id, ChangeEffect.Revoke, ChangeKinds.MountRemoved, b, null, bl?.Mount(b.ContainerPath)?.Line, null));
        }
    }

    private static void CompareEnv(string id, GroupPlan b, GroupPlan h, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        // Only what groups.yaml sets: the host-set variables follow id, folder and main, reported above.
        var before = b.Environment.Where(e => !HostManagedMounts.IsReservedEnvironmentName(e.Name)).ToList();
        var after = h.Environment.Where(e => !HostManagedMounts.IsReservedEnvironmentName(e.Name)).ToList();
        foreach (var a in after)
        {
            var old = before.FirstOrDefault(e => e.Name == a.Name);
            if (old is null)
            {
                changes.Add(new AccessChange(id, IsCredential(a.Name) ? ChangeEffect.Grant : ChangeEffect.Neutral, ChangeKinds.EnvAdded, null, a.Name + "=" + a.Value, null, hl?.EnvAt(a.Name)));
            }
            else if (old.Value != a.Value)
            {
                changes.Add(new AccessChange(id, IsCredential(a.Name) ? ChangeEffect.Grant : ChangeEffect.Neutral, ChangeKinds.EnvChanged, old.Name + "=" + old.Value, a.Name + "=" + a.Value, bl?.EnvAt(a.Name), hl?.EnvAt(a.Name)));
            }
        }

        foreach (var old in before.Where(e => after.All(a => a.Name != e.Name)))
        {
            changes.Add(new AccessChange(id, IsCredential(old.Name) ? ChangeEffect.Revoke : ChangeEffect.Neutral, ChangeKinds.EnvRemoved, old.Name + "=" + old.Value, null, bl?.EnvAt(old.Name), null));
        }
    }

    /// <summary>A name such as GITHUB_TOKEN or DB_PASSWORD: the value is a credential, so setting or changing it grants access.</summary>
    public static bool IsCredential(string name)
    {
        var upper = name.ToUpperInvariant();
        return CredentialMarkers.Any(m => upper.Contains(m));
    }

    private static AccessChange MountChange(string id, ChangeEffect effect, string kind, Mount? before, Mount? after, int? beforeLine, int? afterLine)
    {
        var mount = after ?? before!;
        return new AccessChange(id, effect, kind, Describe(before), Describe(after), beforeLine, afterLine, mount.HostSource, mount.ContainerPath)
        {
            IsWriteGrant = effect == ChangeEffect.Grant && after is { ReadOnly: false },
        };
    }

    private static string? Describe(Mount? mount) => mount is null ? null : mount.Mode + " " + mount.HostSource + " -> " + mount.ContainerPath;

    private static string Summary(GroupPlan plan) =>
        "folder " + plan.Folder + (plan.IsMain ? ", main" : string.Empty) + ", image " + plan.Image + ", network " + plan.Network.Name()
        + ", " + plan.Mounts.Operator.Count().ToString(CultureInfo.InvariantCulture) + " operator mount(s), "
        + plan.Mounts.Operator.Count(m => !m.ReadOnly).ToString(CultureInfo.InvariantCulture) + " read-write";

    private static string Skills(List<string>? skills) => skills is null ? "skills: all" : "skills: [" + string.Join(", ", skills) + "]";

    private static string User(ContainerUser? user) => "user: " + (user?.ToString() ?? "host default");

    private static string DataFolder(string id) => "data/v2-sessions/" + id + "/";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
