using System.IO;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The host-managed mounts of a plan on this host: each source a real file or folder inside the data root where the
/// plan says (before init: one group-init can create), and each declared skill's folder the operator's real folder.
/// </summary>
internal sealed class HostManagedCheck
{
    private readonly HostCheckContext _context;

    public HostManagedCheck(HostCheckContext context) => _context = context;

    /// <summary>One host-managed mount: its bind, or null when it is refused (reported in the context).</summary>
    public ResolvedBind? Check(Mount mount)
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

        var source = HostManagedMounts.Resolve(mount.HostSource, _context.DataRoot, _context.Plan.Id, _context.Plan.Folder, _context.Options.Session);
        var expected = Path.Join(_context.RealDataRoot, Path.GetRelativePath(_context.DataRoot, source));
        var wantFile = HostManagedMounts.IsFileSource(mount);
        var kind = wantFile ? "file" : "directory";
        var real = HostPaths.Resolve(source);
        if (!real.Exists && _context.Options.BeforeInit)
        {
            if (InitRefusal(source, wantFile) is { } refusal)
            {
                return _context.Fail(mount, refusal.Reason, refusal.Fix, HostProblemKind.HostManaged);
            }

            var bind = new ResolvedBind(mount.Name, expected, mount.ContainerPath, mount.ReadOnly, mount.Origin);
            _context.ToCreate.Add(bind);
            return bind;
        }

        if (!real.Exists)
        {
            return _context.Fail(
                mount,
                $"its host source {source} does not exist",
                "run group-init first (the launcher does it before each spawn); it creates every host-managed folder",
                HostProblemKind.HostManaged);
        }

        if (real.RealPath != expected)
        {
            return _context.Fail(
                mount,
                $"its host source {source} is a symbolic link to {real.RealPath}; host-managed sources must be real {kind}s inside the data root",
                $"remove the link and run group-init again so {source} is a real {kind}",
                HostProblemKind.HostManaged);
        }

        if (wantFile ? !File.Exists(real.RealPath) : !Directory.Exists(real.RealPath))
        {
            return _context.Fail(
                mount,
                $"its host source {source} is not a {kind}",
                $"move it away and run group-init again to recreate it as a {kind}",
                HostProblemKind.HostManaged);
        }

        return new ResolvedBind(mount.Name, real.RealPath!, mount.ContainerPath, mount.ReadOnly, mount.Origin);
    }

    /// <summary>
    /// A declared skill's folder is the operator's (group-init never creates one): missing, a symbolic link or
    /// not a directory stops the spawn, before init too, so a declared skill is never silently left out.
    /// </summary>
    private ResolvedBind? CheckSkill(Mount mount)
    {
        var source = HostManagedMounts.Resolve(mount.HostSource, _context.DataRoot, _context.Plan.Id, _context.Plan.Folder, _context.Options.Session);
        var expected = Path.Join(_context.RealDataRoot, Path.GetRelativePath(_context.DataRoot, source));
        var skill = mount.Name.Substring(SkillMounts.NamePrefix.Length);
        var real = HostPaths.Resolve(source);
        var remove = $"or remove '{skill}' from the skills: of group '{_context.Plan.Id}' in groups.yaml";
        if (!real.Exists)
        {
            return _context.Fail(
                mount,
                $"group '{_context.Plan.Id}' declares skill '{skill}', but its folder {source} does not exist",
                $"install the skill there (the skills folder is the operator's; group-init creates nothing in it), {remove}",
                HostProblemKind.HostManaged);
        }

        if (real.RealPath != expected)
        {
            return _context.Fail(
                mount,
                $"the folder of skill '{skill}', {source}, is a symbolic link to {real.RealPath}; skills must be real folders inside the data root's " +
                $"skills folder",
                $"replace the link with the folder itself, {remove}",
                HostProblemKind.HostManaged);
        }

        if (!Directory.Exists(real.RealPath))
        {
            return _context.Fail(
                mount,
                $"the folder of skill '{skill}', {source}, is not a directory",
                $"make it the skill's folder (with its SKILL.md), {remove}",
                HostProblemKind.HostManaged);
        }

        return new ResolvedBind(mount.Name, real.RealPath!, mount.ContainerPath, mount.ReadOnly, mount.Origin);
    }

    /// <summary>
    /// Why group-init would refuse to create <paramref name="source"/> (it walks down from the data root and
    /// refuses a symbolic link, a file where a folder must be, or a folder where container.json must be), or null.
    /// </summary>
    private (string Reason, string Fix)? InitRefusal(string source, bool wantFile)
    {
        var parts = HostPaths.Split(Path.GetRelativePath(_context.DataRoot, source));
        var current = _context.DataRoot;
        for (var i = 0; i < parts.Length; i++)
        {
            current = Path.Join(current, parts[i]);
            var last = i == parts.Length - 1;
            if (HostPaths.IsSymlink(current))
            {
                return (
                    $"group-init would refuse {current}: it is a symbolic link, and host-managed folders must be real folders below the data root",
                    $"remove the link ({current}); group-init then creates a real {(last && wantFile ? "file" : "folder")}");
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
}
