using System.Collections.Generic;
using System.Globalization;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Core.Checks;

/// <summary>
/// AGS0412/AGS0413/AGS0416: the container user, resource limits and network, in 'defaults' and per group. A group's value replaces
/// the default one key at a time (a group that sets only limits.pids keeps defaults.limits.memory). Each
/// declared value is reported where it is written, once, so a bad default is not repeated for every group.
/// </summary>
internal static class ContainerRules
{
    private static readonly string PidsHint =
        $"a whole number from {ResourceLimits.MinPids.ToString(CultureInfo.InvariantCulture)} to {ResourceLimits.MaxPids.ToString(CultureInfo.InvariantCulture)}, e.g. {ResourceLimits.DefaultPids.ToString(CultureInfo.InvariantCulture)} (the default)";

    private static readonly string MemoryHint =
        $"a size from {ResourceLimits.FormatMemory(ResourceLimits.MinMemoryBytes)} to {ResourceLimits.FormatMemory(ResourceLimits.MaxMemoryBytes)} with a unit k, m or g, e.g. \"{ResourceLimits.FormatMemory(ResourceLimits.DefaultMemoryBytes)}\" (the default)";

    private static readonly string ScratchHint =
        $"a size from {ResourceLimits.FormatMemory(ResourceLimits.MinScratchBytes)} to {ResourceLimits.FormatMemory(ResourceLimits.MaxScratchBytes)} with a unit k, m or g, e.g. \"{ResourceLimits.FormatMemory(ResourceLimits.DefaultTmpBytes)}\" (the default)";

    private static readonly string LogsHint =
        $"a size from {ResourceLimits.FormatMemory(ResourceLimits.MinLogBytes)} to {ResourceLimits.FormatMemory(ResourceLimits.MaxLogBytes)} with a unit k, m or g, e.g. \"{ResourceLimits.FormatMemory(ResourceLimits.DefaultLogBytes)}\" (the default)";

    /// <summary>The findings about the users, limits and networks of the file, in file order.</summary>
    public static IReadOnlyList<Finding> Check(FileDeclaration file)
    {
        var findings = new List<Finding>();
        CheckUser(file.DefaultUser, "defaults.user", findings);
        CheckLimits(file.DefaultLimits, "defaults.limits", findings);
        foreach (var group in file.Groups)
        {
            CheckUser(group.User, "user", findings);
            CheckLimits(group.Limits, "limits", findings);
            CheckNetwork(group, file, findings);
        }

        return findings;
    }

    /// <summary>
    /// The group's network: the gateway when it has egress (<see cref="EgressRules.ListOf"/>), else its own, else the default,
    /// else <see cref="NetworkMode.None"/>.
    /// </summary>
    public static NetworkMode NetworkOf(GroupDeclaration group, FileDeclaration file) =>
        EgressRules.ListOf(group, file) is { Entries.Count: > 0 } ? NetworkMode.Gateway
        : (group.Network ?? file.DefaultNetwork) is { } network && NetworkModes.Parse(network.Value) is { } mode ? mode : NetworkMode.None;

    /// <summary>AGS0416, like AGS0410 for read-write mounts: the proxy is a way out of the host, so by default only main has it.</summary>
    private static void CheckNetwork(GroupDeclaration group, FileDeclaration file, List<Finding> findings)
    {
        if (group.IsMain || file.NonMainProxy || NetworkOf(group, file) != NetworkMode.Proxy)
        {
            return;
        }

        var inherited = group.Network is null;
        var span = group.Network?.Span ?? group.Id?.Span ?? group.Node.Span;
        var via = inherited ? " (it inherits defaults.network: proxy, line " + (file.DefaultNetwork!.Span.StartLine + 1).ToString(CultureInfo.InvariantCulture) + ")" : string.Empty;
        findings.Add(Rules.NonMainProxy.At(span, group.Id?.Value ?? "?", via));
    }

    /// <summary>The group's user (its own, else the default); null for the host default. Only meaningful once <see cref="Check"/> found no error.</summary>
    public static ContainerUser? UserOf(GroupDeclaration group, FileDeclaration file) =>
        (group.User ?? file.DefaultUser) is { } user ? ContainerUser.Parse(user.Value, out _) : null;

    /// <summary>The group's limits, key by key: its own, else the default, else <see cref="ResourceLimits.Default"/>.</summary>
    public static ResourceLimits LimitsOf(GroupDeclaration group, FileDeclaration file)
    {
        var pids = (group.Limits?.Pids ?? file.DefaultLimits?.Pids) is { } p && int.TryParse(p.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : ResourceLimits.DefaultPids;
        var memory = (group.Limits?.Memory ?? file.DefaultLimits?.Memory) is { } m && ResourceLimits.TryParseMemory(m.Value, out var bytes)
            ? bytes
            : ResourceLimits.DefaultMemoryBytes;
        return new ResourceLimits(pids, memory)
        {
            TmpBytes = Size(group.Limits?.Tmp ?? file.DefaultLimits?.Tmp, ResourceLimits.DefaultTmpBytes),
            HomeBytes = Size(group.Limits?.Home ?? file.DefaultLimits?.Home, ResourceLimits.DefaultHomeBytes),
            LogBytes = Size(group.Limits?.Logs ?? file.DefaultLimits?.Logs, ResourceLimits.DefaultLogBytes),
        };
    }

    private static long Size(Located<string>? declared, long fallback) =>
        declared is not null && ResourceLimits.TryParseMemory(declared.Value, out var bytes) ? bytes : fallback;

    /// <summary>A size-valued limit (tmp, home, logs): parsed like memory, refused outside its range.</summary>
    private static void CheckSize(Located<string>? size, string key, System.Func<long, string?> rangeProblem, string hint, List<Finding> findings)
    {
        if (size is null)
        {
            return;
        }

        var problem = ResourceLimits.TryParseMemory(size.Value, out var bytes) ? rangeProblem(bytes) : "is not a size";
        if (problem is not null)
        {
            findings.Add(Rules.InvalidResourceLimit.At(size.Span, key, size.Value, problem, hint));
        }
    }

    private static void CheckUser(Located<string>? user, string key, List<Finding> findings)
    {
        if (user is not null && ContainerUser.Parse(user.Value, out var problem) is null)
        {
            findings.Add(Rules.UnsafeContainerUser.At(user.Span, key, user.Value, problem));
        }
    }

    private static void CheckLimits(LimitsDeclaration? limits, string key, List<Finding> findings)
    {
        if (limits?.Pids is { } pids)
        {
            // The reader only keeps integers that fit a long.
            var value = long.Parse(pids.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (ResourceLimits.PidsProblem(value) is { } problem)
            {
                findings.Add(Rules.InvalidResourceLimit.At(pids.Span, key + ".pids", pids.Value, problem, PidsHint));
            }
        }

        if (limits?.Memory is { } memory)
        {
            var problem = ResourceLimits.TryParseMemory(memory.Value, out var bytes)
                ? ResourceLimits.MemoryProblem(bytes)
                : "is not a size";
            if (problem is not null)
            {
                findings.Add(Rules.InvalidResourceLimit.At(memory.Span, key + ".memory", memory.Value, problem, MemoryHint));
            }
        }

        CheckSize(limits?.Tmp, key + ".tmp", ResourceLimits.ScratchProblem, ScratchHint, findings);
        CheckSize(limits?.Home, key + ".home", ResourceLimits.ScratchProblem, ScratchHint, findings);
        CheckSize(limits?.Logs, key + ".logs", ResourceLimits.LogsProblem, LogsHint, findings);
    }
}
