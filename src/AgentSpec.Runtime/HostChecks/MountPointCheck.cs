using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>The mount points inside other binds' host folders, right before create (<see cref="Check"/>).</summary>
internal sealed class MountPointCheck
{
    private readonly HostCheckContext _context;

    public MountPointCheck(HostCheckContext context) => _context = context;

    /// <summary>
    /// A mount whose container path lies inside another bind is placed by the engine on a path inside that
    /// bind's host folder, following symbolic links there. An agent that could write that folder in an earlier
    /// run could have swapped a mount point for a link and moved this mount (e.g. /workspace/extra → /), so
    /// every component on the way must be absent (the engine creates it) or a real folder (a real file for
    /// a file mount) right before create.
    /// </summary>
    public void Check(IReadOnlyList<ResolvedBind> binds)
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
                    _context.Errors.Add(new HostCheckError(
                        _context.Plan.Id,
                        bind.MountName,
                        bind.ContainerPath,
                        $"its mount point {hostPath} (inside the '{outer.MountName}' mount's folder) {problem}; the engine would follow it and place " +
                        $"the mount somewhere else, as an agent that could write that folder may have intended",
                        $"remove {hostPath} (the engine recreates the mount point as an empty folder), and look at what the agent of group " +
                        $"'{_context.Plan.Id}' did")
                    {
                        Kind = HostProblemKind.MountPoint,
                    });
                    break;
                }
            }
        }
    }
}
