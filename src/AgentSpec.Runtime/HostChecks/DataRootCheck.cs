using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;

namespace AgentSpec.Runtime;

/// <summary>
/// The data root (groups/, data/, container/) is trusted only when the operator made it: the same StrictModes
/// checks as the allowlist (<see cref="FileTrust"/>) on it and on every folder above it, outside every blocked
/// location of Core's list (on its real path and the real home, e.g. ~/.ssh/agentspec), and neither inside nor
/// around the allowlist's folder (agents write below the data root). group-init creates it when missing (0755,
/// with 0700 group folders); before that, the folders it would be created in must pass.
/// </summary>
internal static class DataRootCheck
{
    /// <summary>Every problem of the data root; empty when it can be used. Never throws for a bad path.</summary>
    public static IReadOnlyList<DataRootProblem> Problems(string dataRoot, string home, string allowlistPath, IReadOnlyList<WritableFolder>? writable = null)
    {
        var problems = TrustProblems(dataRoot, out var trust).ToList();
        var full = Path.GetFullPath(dataRoot).TrimEnd('/');
        var real = trust.RealPath ?? full;
        var shown = real == full ? full : $"{full} (real path {real})";
        var realHome = HostPaths.RealPathOrFull(home);
        if ((HostPathRules.FindBlocked(real, realHome) ?? (real == full ? null : HostPathRules.FindBlocked(full, realHome))) is { } blocked)
        {
            var what = blocked.Pattern.StartsWith('/') || blocked.Pattern.StartsWith('~')
                ? $"is, lies in or contains the blocked location '{blocked.Pattern}'"
                : $"matches the blocked pattern '{blocked.Pattern}'";
            problems.Add(new DataRootProblem(
                $"the data root {shown} {what} ({blocked.Reason}); agents write below the data root, so it must not be where credentials or host files live",
                "choose a data root of its own outside those locations, e.g. ~/agentspec-data or /srv/agentspec (--data-dir or AGENTSPEC_DATA_DIR)"));
        }

        foreach (var (folder, _) in BlockedHostPaths.AllowlistFolders(allowlistPath))
        {
            if (HostPaths.Overlaps(real, folder))
            {
                problems.Add(new DataRootProblem(
                    $"the data root {shown} {(HostPaths.IsSameOrUnder(real, folder) ? "lies in" : "contains")} {folder}, the folder of the operator mount allowlist; agents write below the data root, so they could reach the allowlist",
                    $"choose a data root that neither lies in nor contains {folder}, or keep the allowlist elsewhere (--allowlist)"));
            }
        }

        // The data root holds every group's data: no container may be able to write a folder above it.
        if (writable?.Containing(real) is { } outer)
        {
            problems.Add(new DataRootProblem(
                $"the data root {shown} lies inside {outer.Describe()}; that agent could rewrite every group's data or swap a folder of the data root for a symbolic link",
                $"use a data root outside {outer.RealPath} (--data-dir), or make that mount read-only in groups.yaml"));
        }

        // Disk faults last: a read-only or full file system, or a data root the invoking user may not write.
        problems.AddRange(DiskFaults.Problems(dataRoot));
        return problems;
    }

    /// <summary>Throws <see cref="RuntimeError"/> listing every problem of the data root (used before group-init).</summary>
    public static void EnsureUsable(string dataRoot, string home, string allowlistPath, IReadOnlyList<WritableFolder>? writable = null) =>
        Throw(dataRoot, Problems(dataRoot, home, allowlistPath, writable));

    /// <summary>Only the ownership and mode checks (what group-init itself needs before it creates anything).</summary>
    public static void EnsureTrusted(string dataRoot) => Throw(dataRoot, TrustProblems(dataRoot, out _).ToList());

    private static IEnumerable<DataRootProblem> TrustProblems(string dataRoot, out TrustReport trust)
    {
        trust = FileTrust.Check(Path.GetFullPath(dataRoot), EntryKind.Directory);
        var report = trust;
        return report.Problems.Select(p => new DataRootProblem(
            $"the data root {report.Describe()} is not trusted: {p.Path} {p.Condition}",
            p.Fix + " (the data root and every folder above it must be owned by you or root and writable by no one else, like OpenSSH's StrictModes; root-owned sticky folders such as /tmp are accepted above it)")).ToList();
    }

    private static void Throw(string dataRoot, IReadOnlyList<DataRootProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new RuntimeError($"refusing to use the data root {dataRoot}:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}");
        }
    }
}
