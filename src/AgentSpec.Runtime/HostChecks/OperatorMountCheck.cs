using System;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// One operator mount on this host: its real path, where it lies (blocked, protected, inside a writable folder, in the
/// data root), the allowlist root that admits it, and its mode.
/// </summary>
internal sealed class OperatorMountCheck
{
    private readonly HostCheckContext _context;

    public OperatorMountCheck(HostCheckContext context) => _context = context;

    /// <summary>
    /// One operator mount, in the order a reader checks it: the declared path, its real path, where it lies (blocked,
    /// protected, inside a writable folder, in the data root), the allowlist root that admits it, then its mode.
    /// </summary>
    public ResolvedBind? Check(Mount mount)
    {
        var declared = mount.HostSource;
        if (!declared.StartsWith("/", StringComparison.Ordinal) && declared != "~" && !declared.StartsWith("~/", StringComparison.Ordinal))
        {
            return _context.Fail(
                mount,
                $"hostPath '{declared}' is neither absolute nor ~/...",
                "write an absolute path or a path in your home in groups.yaml",
                HostProblemKind.NotAbsolute);
        }

        var expanded = HostPaths.ExpandHome(declared, _context.Options.ResolvedHome);
        var resolved = HostPaths.Resolve(expanded);
        if (RealSource(mount, expanded, resolved) is not { } real)
        {
            return null;
        }

        var via = real == expanded ? string.Empty : $" (real path {real})";
        var allowlist = _context.Allowlist;
        if (RefusedPlacement(mount, real, via, allowlist.List))
        {
            return null;
        }

        if (allowlist.Error is not null)
        {
            return _context.Fail(
                mount,
                allowlist.Error,
                $"create or fix {_context.Options.ResolvedAllowlistPath}, e.g.:{Environment.NewLine}{MountAllowlist.Example}",
                allowlist.Missing ? HostProblemKind.AllowlistMissing : HostProblemKind.Allowlist);
        }

        if (AllowedRootOf(mount, real, via, allowlist.List!) is not { } root || ModeAllowed(mount, root, allowlist.List!) is not { } readOnly)
        {
            return null;
        }

        return resolved.Exists ? new ResolvedBind(mount.Name, real, mount.ContainerPath, readOnly, mount.Origin) : null;
    }

    /// <summary>
    /// The real path of an operator mount's folder; null when it is refused. A missing folder is reported, and before
    /// init judged further on the path it will have (one pass: what else would refuse it once it exists).
    /// </summary>
    private string? RealSource(Mount mount, string expanded, RealPathResult resolved)
    {
        var declared = mount.HostSource;
        if (!resolved.Exists)
        {
            var where = resolved.MissingAt is not null && resolved.MissingAt != expanded ? $" ({resolved.MissingAt} is missing)" : string.Empty;
            var problem = resolved.Problem is not null ? $": {resolved.Problem}" : string.Empty;
            _context.Fail(
                mount,
                $"hostPath '{declared}' does not exist on this host{where}{problem}",
                $"create {expanded} or correct hostPath in groups.yaml",
                HostProblemKind.Missing);
            return _context.Options.BeforeInit ? HostPaths.Predict(expanded) : null;
        }

        var real = resolved.RealPath!;
        if (!Directory.Exists(real))
        {
            var realNote = real == expanded ? string.Empty : $" (real path {real})";
            var reason = $"hostPath '{declared}'{realNote} is a file; only directories can be mounted";
            _context.Fail(mount, reason, FileFix(real, HostPaths.RealPathOrFull(_context.Options.ResolvedHome)), HostProblemKind.NotAFolder);
            return null;
        }

        return real;
    }

    /// <summary>Whether the folder is refused for where it lies: blocked, protected, inside another group's writable folder, or in the data root.</summary>
    private bool RefusedPlacement(Mount mount, string real, string via, MountAllowlist? allowlist)
    {
        var declared = mount.HostSource;
        var home = _context.Options.ResolvedHome;
        // The same blocked list as the build (one place: Core's HostPathRules), now on the real path and real home.
        if (HostPathRules.FindBlocked(real, HostPaths.RealPathOrFull(home), allowlist?.BlockedPatterns) is { } blocked)
        {
            var what = blocked.Pattern.StartsWith('/') || blocked.Pattern.StartsWith('~')
                ? $"is, lies in or contains the blocked location '{blocked.Pattern}'"
                : $"matches the blocked pattern '{blocked.Pattern}'";
            return _context.Refused(
                mount,
                $"hostPath '{declared}'{via} {what} ({blocked.Reason})",
                "mount a folder that holds no credentials or host secrets; it can never be mounted into an agent container",
                HostProblemKind.Blocked);
        }

        foreach (var (folder, why) in BlockedHostPaths.ProtectedFolders(home, _context.Options.ResolvedAllowlistPath, _context.Options.ResolvedDockerEndpoint))
        {
            if (HostPaths.Overlaps(real, folder))
            {
                return _context.Refused(
                    mount,
                    $"hostPath '{declared}'{via} {(HostPaths.IsSameOrUnder(real, folder) ? "lies in" : "contains")} {folder}, {why}",
                    "mount a folder that neither is, lies in nor contains it",
                    HostProblemKind.Protected);
            }
        }

        // The engine binds by path: a folder on this path that a container can write could be swapped for a
        // symbolic link between this check and the bind. The same folder is sharing; strictly inside is refused.
        if (_context.Writable.Containing(real, strictly: true) is { } outer)
        {
            return _context.Refused(
                mount,
                $"hostPath '{declared}'{via} lies inside {outer.Describe()}; that group's agent could swap a folder on the way for a symbolic link " +
                $"between this check and the bind",
                $"mount {outer.RealPath} itself (sharing it), or a folder outside it, or make that mount read-only in groups.yaml",
                HostProblemKind.InsideWritable);
        }

        if (HostPaths.Overlaps(real, _context.RealDataRoot))
        {
            var how = HostPaths.IsSameOrUnder(real, _context.RealDataRoot) ? "reaches into" : "contains";
            return _context.Refused(
                mount,
                $"hostPath '{declared}'{via} {how} the AgentSpec data root {_context.RealDataRoot}, which holds every group's data and working folders",
                "mount a folder outside the data root; groups reach their own data through the host-managed mounts",
                HostProblemKind.InDataRoot);
        }

        return false;
    }

    /// <summary>The innermost allowed root that holds the folder; null (reported) when none does.</summary>
    private AllowedRoot? AllowedRootOf(Mount mount, string real, string via, MountAllowlist allowlist)
    {
        var root = allowlist.AllowedRoots
            .Select(r => (Root: r, Real: HostPaths.RealPathOrFull(HostPaths.ExpandHome(r.Path, _context.Options.ResolvedHome))))
            .Where(r => HostPaths.IsSameOrUnder(real, r.Real))
            .OrderByDescending(r => r.Real.Length)
            .FirstOrDefault();
        if (root.Root is null)
        {
            var roots = allowlist.AllowedRoots.Count == 0 ? "none" : string.Join(", ", allowlist.AllowedRoots.Select(r => r.Path));
            _context.Fail(
                mount,
                $"hostPath '{mount.HostSource}'{via} is outside every allowed root of {_context.Options.ResolvedAllowlistPath} (allowed: {roots})",
                $"add an allowedRoots entry that contains {real}, or mount a folder under an allowed root",
                HostProblemKind.OutsideRoots);
        }

        return root.Root;
    }

    /// <summary>
    /// Whether the mount is read-only as it will be bound: read-write only where the root and the allowlist allow it;
    /// otherwise refused (null, reported), or read-only with a warning when the caller allowed the downgrade.
    /// </summary>
    private bool? ModeAllowed(Mount mount, AllowedRoot root, MountAllowlist allowlist)
    {
        if (mount.ReadOnly || ReadWriteRefusal(root, allowlist) is not { } refused)
        {
            return mount.ReadOnly;
        }

        if (!_context.Options.AllowReadOnlyDowngrade)
        {
            _context.Fail(
                mount,
                refused.Reason,
                refused.Fix + "; or pass --allow-readonly-downgrade to mount it read-only with a warning",
                HostProblemKind.ReadWriteNotAllowed);
            return null;
        }

        _context.Warnings.Add($"group '{_context.Plan.Id}', mount '{mount.Name}' ({mount.ContainerPath}): mounted READ-ONLY instead of read-write: " +
            $"{refused.Reason}");
        return true;
    }

    /// <summary>Why a read-write mount under <paramref name="root"/> must not be read-write, with the fix; null when it may.</summary>
    private (string Reason, string Fix)? ReadWriteRefusal(AllowedRoot root, MountAllowlist allowlist)
    {
        if (root.ReadOnly)
        {
            return ($"it is read-write, but its allowed root '{root.Path}' has readOnly: true",
                $"set readonly: true in groups.yaml, or set readOnly: false and allowReadWrite: true for '{root.Path}' in " +
                $"{_context.Options.ResolvedAllowlistPath}");
        }

        if (!root.AllowReadWrite)
        {
            return ($"it is read-write, but its allowed root '{root.Path}' has allowReadWrite: false",
                $"set readonly: true in groups.yaml, or set allowReadWrite: true for '{root.Path}' in {_context.Options.ResolvedAllowlistPath}");
        }

        if (!_context.Plan.IsMain && allowlist.NonMainReadOnly)
        {
            return ("it is read-write, but the group is not the main group and the allowlist says nonMainReadOnly: true",
                $"set readonly: true in groups.yaml, move the mount to the main group, or set nonMainReadOnly: false in " +
                $"{_context.Options.ResolvedAllowlistPath}");
        }

        return null;
    }

    /// <summary>
    /// A file where a folder belongs: mount the folder it is in, unless that folder is the home folder or '/',
    /// which AGS0306 refuses; then the file goes into a folder of its own, as a fix the rules accept.
    /// </summary>
    private static string FileFix(string file, string realHome)
    {
        var parent = Path.GetDirectoryName(file) ?? "/";
        if (parent != "/" && parent != realHome)
        {
            return $"make {file} a folder, or mount its folder {parent} instead and use the file inside it";
        }

        var stem = Path.GetFileNameWithoutExtension(file);
        var own = Path.Combine(parent, stem is { Length: > 0 } && stem != Path.GetFileName(file) ? stem : Path.GetFileName(file) + "-files");
        var written = parent == realHome ? "~/" + Path.GetFileName(own) : own;
        return $"move {file} into a folder of its own, such as {own}, and write hostPath: {written} "
            + $"(its folder {parent} is {(parent == "/" ? "the whole host filesystem" : "your whole home folder")}, which no mount may be: AGS0306)";
    }
}
