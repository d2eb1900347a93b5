// Over 300 lines on purpose: the host-managed, skill, operator-mount and mount-point checks share one per-check context (issue 21).
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;
using AgentSpec.Core.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The run-time re-check right before a spawn. It re-checks what only the host knows (real paths after
/// symlinks, existence, file vs directory, the data root, the operator allowlist) and may only NARROW the
/// compiled plan: a mount it cannot honour stops the spawn, unless the caller explicitly allowed a read-only
/// downgrade, which is then reported as a warning. Nothing is dropped silently.
/// </summary>
internal static class HostCheck
{
    /// <summary>Checks one plan. Never throws for mount problems: they are collected in the result.</summary>
    public static HostCheckResult Check(GroupPlan plan, HostCheckOptions options)
    {
        if (SessionNames.Refusal(options.Session) is { } session)
        {
            // Never resolve a session folder from a name that could be skill-data, .claude-shared or a path.
            return new HostCheckResult(plan.Id, Array.Empty<ResolvedBind>(), Array.Empty<string>(), new[] { new HostCheckError(plan.Id, string.Empty, string.Empty, session, "pass a valid --session NAME") });
        }

        var context = new Context(plan, options);
        foreach (var problem in DataRootCheck.Problems(options.DataRoot, options.ResolvedHome, options.ResolvedAllowlistPath, context.Writable))
        {
            context.Errors.Add(new HostCheckError(plan.Id, string.Empty, string.Empty, problem.Reason, problem.Fix) { Kind = HostProblemKind.DataRoot });
        }

        var binds = new List<ResolvedBind>();
        foreach (var mount in plan.Mounts)
        {
            var bind = mount.IsHostManaged ? context.CheckHostManaged(mount) : context.CheckOperator(mount);
            if (bind is not null)
            {
                binds.Add(bind);
            }
        }

        context.CheckMountPoints(binds);
        var toCreate = binds.Where(b => context.ToCreate.Contains(b)).ToList();
        return context.Errors.Count == 0 || options.BeforeInit
            ? new HostCheckResult(plan.Id, binds.Except(toCreate).ToList(), context.Warnings, context.Errors) { ToCreate = toCreate }
            : new HostCheckResult(plan.Id, Array.Empty<ResolvedBind>(), context.Warnings, context.Errors);
    }

    private sealed class Context
    {
        private readonly GroupPlan _plan;
        private readonly HostCheckOptions _options;
        private readonly string _dataRoot;
        private readonly string _realDataRoot;
        private readonly Lazy<(MountAllowlist? List, string? Error, bool Missing)> _allowlist;

        public Context(GroupPlan plan, HostCheckOptions options)
        {
            _plan = plan;
            _options = options;
            _dataRoot = Path.GetFullPath(options.DataRoot).TrimEnd('/');
            _realDataRoot = HostPaths.RealPathOrFull(_dataRoot);
            _allowlist = new Lazy<(MountAllowlist?, string?, bool)>(LoadAllowlist);
            Writable = WritableFolders.Of(WritableFolders.Installation(plan, options.Installation), options.ResolvedHome);
        }

        /// <summary>The folders containers of the installation can write (computed once per check).</summary>
        public IReadOnlyList<WritableFolder> Writable { get; }

        public List<HostCheckError> Errors { get; } = new();

        public List<string> Warnings { get; } = new();

        public List<ResolvedBind> ToCreate { get; } = new();

        public ResolvedBind? CheckHostManaged(Mount mount)
        {
            if (mount.IsTmpfs)
            {
                // No host source: the engine creates it empty for this run, so there is nothing to resolve.
                return new ResolvedBind(mount.Name, HostManagedMounts.TmpfsSource, mount.ContainerPath, mount.ReadOnly, mount.Origin, mount.Kind);
            }

            if (SkillMounts.IsSkill(mount))
            {
                return CheckSkill(mount);
            }

            var source = HostManagedMounts.Resolve(mount.HostSource, _dataRoot, _plan.Id, _plan.Folder, _options.Session);
            var expected = Path.Join(_realDataRoot, Path.GetRelativePath(_dataRoot, source));
            var wantFile = HostManagedMounts.IsFileSource(mount);
            var kind = wantFile ? "file" : "directory";
            var real = HostPaths.Resolve(source);
            if (!real.Exists && _options.BeforeInit)
            {
                if (InitRefusal(source, wantFile) is { } refusal)
                {
                    return Fail(mount, refusal.Reason, refusal.Fix, HostProblemKind.HostManaged);
                }

                var bind = new ResolvedBind(mount.Name, expected, mount.ContainerPath, mount.ReadOnly, mount.Origin);
                ToCreate.Add(bind);
                return bind;
            }

            if (!real.Exists)
            {
                return Fail(mount, $"its host source {source} does not exist", "run group-init first (the launcher does it before each spawn); it creates every host-managed folder", HostProblemKind.HostManaged);
            }

            if (real.RealPath != expected)
            {
                return Fail(mount, $"its host source {source} is a symbolic link to {real.RealPath}; host-managed sources must be real {kind}s inside the data root", $"remove the link and run group-init again so {source} is a real {kind}", HostProblemKind.HostManaged);
            }

            if (wantFile ? !File.Exists(real.RealPath) : !Directory.Exists(real.RealPath))
            {
                return Fail(mount, $"its host source {source} is not a {kind}", $"move it away and run group-init again to recreate it as a {kind}", HostProblemKind.HostManaged);
            }

            return new ResolvedBind(mount.Name, real.RealPath!, mount.ContainerPath, mount.ReadOnly, mount.Origin);
        }

        /// <summary>
        /// A declared skill's folder is the operator's (group-init never creates one): missing, a symbolic link or
        /// not a directory stops the spawn, before init too, so a declared skill is never silently left out.
        /// </summary>
        private ResolvedBind? CheckSkill(Mount mount)
        {
            var source = HostManagedMounts.Resolve(mount.HostSource, _dataRoot, _plan.Id, _plan.Folder, _options.Session);
            var expected = Path.Join(_realDataRoot, Path.GetRelativePath(_dataRoot, source));
            var skill = mount.Name.Substring(SkillMounts.NamePrefix.Length);
            var real = HostPaths.Resolve(source);
            var remove = $"or remove '{skill}' from the skills: of group '{_plan.Id}' in groups.yaml";
            if (!real.Exists)
            {
                return Fail(mount, $"group '{_plan.Id}' declares skill '{skill}', but its folder {source} does not exist", $"install the skill there (the skills folder is the operator's; group-init creates nothing in it), {remove}", HostProblemKind.HostManaged);
            }

            if (real.RealPath != expected)
            {
                return Fail(mount, $"the folder of skill '{skill}', {source}, is a symbolic link to {real.RealPath}; skills must be real folders inside the data root's skills folder", $"replace the link with the folder itself, {remove}", HostProblemKind.HostManaged);
            }

            if (!Directory.Exists(real.RealPath))
            {
                return Fail(mount, $"the folder of skill '{skill}', {source}, is not a directory", $"make it the skill's folder (with its SKILL.md), {remove}", HostProblemKind.HostManaged);
            }

            return new ResolvedBind(mount.Name, real.RealPath!, mount.ContainerPath, mount.ReadOnly, mount.Origin);
        }

        /// <summary>
        /// One operator mount, in the order a reader checks it: the declared path, its real path, where it lies (blocked,
        /// protected, inside a writable folder, in the data root), the allowlist root that admits it, then its mode.
        /// </summary>
        public ResolvedBind? CheckOperator(Mount mount)
        {
            var declared = mount.HostSource;
            if (!declared.StartsWith("/", StringComparison.Ordinal) && declared != "~" && !declared.StartsWith("~/", StringComparison.Ordinal))
            {
                return Fail(mount, $"hostPath '{declared}' is neither absolute nor ~/...", "write an absolute path or a path in your home in groups.yaml", HostProblemKind.NotAbsolute);
            }

            var expanded = HostPaths.ExpandHome(declared, _options.ResolvedHome);
            var resolved = HostPaths.Resolve(expanded);
            if (RealSource(mount, expanded, resolved) is not { } real)
            {
                return null;
            }

            var via = real == expanded ? string.Empty : $" (real path {real})";
            var allowlist = _allowlist.Value;
            if (RefusedPlacement(mount, real, via, allowlist.List))
            {
                return null;
            }

            if (allowlist.Error is not null)
            {
                return Fail(mount, allowlist.Error, $"create or fix {_options.ResolvedAllowlistPath}, e.g.:{Environment.NewLine}{MountAllowlist.Example}", allowlist.Missing ? HostProblemKind.AllowlistMissing : HostProblemKind.Allowlist);
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
                Fail(mount, $"hostPath '{declared}' does not exist on this host{where}{problem}", $"create {expanded} or correct hostPath in groups.yaml", HostProblemKind.Missing);
                return _options.BeforeInit ? HostPaths.Predict(expanded) : null;
            }

            var real = resolved.RealPath!;
            if (!Directory.Exists(real))
            {
                var realNote = real == expanded ? string.Empty : $" (real path {real})";
                var reason = $"hostPath '{declared}'{realNote} is a file; only directories can be mounted";
                Fail(mount, reason, FileFix(real, HostPaths.RealPathOrFull(_options.ResolvedHome)), HostProblemKind.NotAFolder);
                return null;
            }

            return real;
        }

        /// <summary>Whether the folder is refused for where it lies: blocked, protected, inside another group's writable folder, or in the data root.</summary>
        private bool RefusedPlacement(Mount mount, string real, string via, MountAllowlist? allowlist)
        {
            var declared = mount.HostSource;
            var home = _options.ResolvedHome;
            // The same blocked list as the build (one place: Core's HostPathRules), now on the real path and real home.
            if (HostPathRules.FindBlocked(real, HostPaths.RealPathOrFull(home), allowlist?.BlockedPatterns) is { } blocked)
            {
                var what = blocked.Pattern.StartsWith('/') || blocked.Pattern.StartsWith('~')
                    ? $"is, lies in or contains the blocked location '{blocked.Pattern}'"
                    : $"matches the blocked pattern '{blocked.Pattern}'";
                return Refused(mount, $"hostPath '{declared}'{via} {what} ({blocked.Reason})", "mount a folder that holds no credentials or host secrets; it can never be mounted into an agent container", HostProblemKind.Blocked);
            }

            foreach (var (folder, why) in BlockedHostPaths.ProtectedFolders(home, _options.ResolvedAllowlistPath, _options.ResolvedDockerEndpoint))
            {
                if (HostPaths.Overlaps(real, folder))
                {
                    return Refused(mount, $"hostPath '{declared}'{via} {(HostPaths.IsSameOrUnder(real, folder) ? "lies in" : "contains")} {folder}, {why}", "mount a folder that neither is, lies in nor contains it", HostProblemKind.Protected);
                }
            }

            // The engine binds by path: a folder on this path that a container can write could be swapped for a
            // symbolic link between this check and the bind. The same folder is sharing; strictly inside is refused.
            if (Writable.Containing(real, strictly: true) is { } outer)
            {
                return Refused(mount, $"hostPath '{declared}'{via} lies inside {outer.Describe()}; that group's agent could swap a folder on the way for a symbolic link between this check and the bind", $"mount {outer.RealPath} itself (sharing it), or a folder outside it, or make that mount read-only in groups.yaml", HostProblemKind.InsideWritable);
            }

            if (HostPaths.Overlaps(real, _realDataRoot))
            {
                var how = HostPaths.IsSameOrUnder(real, _realDataRoot) ? "reaches into" : "contains";
                return Refused(mount, $"hostPath '{declared}'{via} {how} the AgentSpec data root {_realDataRoot}, which holds every group's data and working folders", "mount a folder outside the data root; groups reach their own data through the host-managed mounts", HostProblemKind.InDataRoot);
            }

            return false;
        }

        /// <summary>The innermost allowed root that holds the folder; null (reported) when none does.</summary>
        private AllowedRoot? AllowedRootOf(Mount mount, string real, string via, MountAllowlist allowlist)
        {
            var root = allowlist.AllowedRoots
                .Select(r => (Root: r, Real: HostPaths.RealPathOrFull(HostPaths.ExpandHome(r.Path, _options.ResolvedHome))))
                .Where(r => HostPaths.IsSameOrUnder(real, r.Real))
                .OrderByDescending(r => r.Real.Length)
                .FirstOrDefault();
            if (root.Root is null)
            {
                var roots = allowlist.AllowedRoots.Count == 0 ? "none" : string.Join(", ", allowlist.AllowedRoots.Select(r => r.Path));
                Fail(mount, $"hostPath '{mount.HostSource}'{via} is outside every allowed root of {_options.ResolvedAllowlistPath} (allowed: {roots})", $"add an allowedRoots entry that contains {real}, or mount a folder under an allowed root", HostProblemKind.OutsideRoots);
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

            if (!_options.AllowReadOnlyDowngrade)
            {
                Fail(mount, refused.Reason, refused.Fix + "; or pass --allow-readonly-downgrade to mount it read-only with a warning", HostProblemKind.ReadWriteNotAllowed);
                return null;
            }

            Warnings.Add($"group '{_plan.Id}', mount '{mount.Name}' ({mount.ContainerPath}): mounted READ-ONLY instead of read-write: {refused.Reason}");
            return true;
        }

        /// <summary>Why a read-write mount under <paramref name="root"/> must not be read-write, with the fix; null when it may.</summary>
        private (string Reason, string Fix)? ReadWriteRefusal(AllowedRoot root, MountAllowlist allowlist)
        {
            if (root.ReadOnly)
            {
                return ($"it is read-write, but its allowed root '{root.Path}' has readOnly: true",
                    $"set readonly: true in groups.yaml, or set readOnly: false and allowReadWrite: true for '{root.Path}' in {_options.ResolvedAllowlistPath}");
            }

            if (!root.AllowReadWrite)
            {
                return ($"it is read-write, but its allowed root '{root.Path}' has allowReadWrite: false",
                    $"set readonly: true in groups.yaml, or set allowReadWrite: true for '{root.Path}' in {_options.ResolvedAllowlistPath}");
            }

            if (!_plan.IsMain && allowlist.NonMainReadOnly)
            {
                return ("it is read-write, but the group is not the main group and the allowlist says nonMainReadOnly: true",
                    $"set readonly: true in groups.yaml, move the mount to the main group, or set nonMainReadOnly: false in {_options.ResolvedAllowlistPath}");
            }

            return null;
        }

        /// <summary>
        /// Why group-init would refuse to create <paramref name="source"/> (it walks down from the data root and
        /// refuses a symbolic link, a file where a folder must be, or a folder where container.json must be), or null.
        /// </summary>
        private (string Reason, string Fix)? InitRefusal(string source, bool wantFile)
        {
            var parts = HostPaths.Split(Path.GetRelativePath(_dataRoot, source));
            var current = _dataRoot;
            for (var i = 0; i < parts.Length; i++)
            {
                current = Path.Join(current, parts[i]);
                var last = i == parts.Length - 1;
                if (HostPaths.IsSymlink(current))
                {
                    return ($"group-init would refuse {current}: it is a symbolic link, and host-managed folders must be real folders below the data root", $"remove the link ({current}); group-init then creates a real {(last && wantFile ? "file" : "folder")}");
                }

                if (last && wantFile ? Directory.Exists(current) : File.Exists(current))
                {
                    var (what, need) = last && wantFile ? ("a folder", "file") : ("a file", "folder");
                    return ($"group-init would refuse {current}: it is {what} where a {need} must be", $"move {current} away; group-init then creates the {need}");
                }

                if (!File.Exists(current) && !Directory.Exists(current))
                {
                    return null; // group-init creates the rest
                }
            }

            return null;
        }

        /// <summary>
        /// A mount whose container path lies inside another bind is placed by the engine on a path inside that
        /// bind's host folder, following symbolic links there. An agent that could write that folder in an earlier
        /// run could have swapped a mount point for a link and moved this mount (e.g. /workspace/extra → /), so
        /// every component on the way must be absent (the engine creates it) or a real folder (a real file for
        /// a file mount) right before create.
        /// </summary>
        public void CheckMountPoints(IReadOnlyList<ResolvedBind> binds)
        {
            foreach (var bind in binds)
            {
                var outer = binds
                    .Where(o => o.ContainerPath != bind.ContainerPath && HostPaths.IsSameOrUnder(bind.ContainerPath, o.ContainerPath))
                    .OrderByDescending(o => o.ContainerPath.Length)
                    .FirstOrDefault();
                if (outer is null || outer.Kind == MountKind.Tmpfs)
                {
                    // Inside a tmpfs the engine creates the mount points itself, new for this run.
                    continue;
                }

                var parts = HostPaths.Split(bind.ContainerPath.Substring(outer.ContainerPath.Length));
                var hostPath = outer.HostPath;
                for (var i = 0; i < parts.Length; i++)
                {
                    hostPath = Path.Join(hostPath, parts[i]);
                    var last = i == parts.Length - 1;
                    var wantFile = last && bind.Kind == MountKind.Bind && File.Exists(bind.HostPath) && !Directory.Exists(bind.HostPath);
                    var problem = HostPaths.IsSymlink(hostPath) ? $"is a symbolic link to {new FileInfo(hostPath).LinkTarget}"
                        : wantFile ? (Directory.Exists(hostPath) ? "is a folder, not a file" : null)
                        : File.Exists(hostPath) ? "is a file, not a folder"
                        : null;
                    if (problem is not null)
                    {
                        Errors.Add(new HostCheckError(
                            _plan.Id,
                            bind.MountName,
                            bind.ContainerPath,
                            $"its mount point {hostPath} (inside the '{outer.MountName}' mount's folder) {problem}; the engine would follow it and place the mount somewhere else, as an agent that could write that folder may have intended",
                            $"remove {hostPath} (the engine recreates the mount point as an empty folder), and look at what the agent of group '{_plan.Id}' did")
                        {
                            Kind = HostProblemKind.MountPoint,
                        });
                        break;
                    }
                }
            }
        }

        private (MountAllowlist?, string?, bool) LoadAllowlist()
        {
            var path = _options.ResolvedAllowlistPath;
            try
            {
                var list = MountAllowlist.Load(path, _options.ResolvedHome, Writable);
                return list is null
                    ? (null, $"there is no operator mount allowlist at {path}, so operator mounts are refused", true)
                    : (list, null, false);
            }
            catch (RuntimeError e)
            {
                return (null, e.Message, false);
            }
            catch (IOException e)
            {
                return (null, $"the mount allowlist {path} cannot be read: {e.Message}", false);
            }
            catch (UnauthorizedAccessException e)
            {
                return (null, $"the mount allowlist {path} cannot be read: {e.Message}", false);
            }
        }

        private ResolvedBind? Fail(Mount mount, string reason, string fix, HostProblemKind kind)
        {
            Errors.Add(new HostCheckError(_plan.Id, mount.Name, mount.ContainerPath, reason, fix) { Kind = kind });
            return null;
        }

        /// <summary><see cref="Fail"/> for a step that says whether it refused: always true.</summary>
        private bool Refused(Mount mount, string reason, string fix, HostProblemKind kind)
        {
            Fail(mount, reason, fix, kind);
            return true;
        }
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
