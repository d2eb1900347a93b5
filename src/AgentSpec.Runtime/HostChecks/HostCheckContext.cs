using System;
using System.Collections.Generic;
using System.IO;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// What the checks of one plan share (<see cref="HostCheck.Check"/>): the plan and options, the data root as given and
/// real, the folders the installation's containers can write, the allowlist (loaded once, on first use), and what the
/// checks found: errors, warnings and the binds group-init will create.
/// </summary>
internal sealed class HostCheckContext
{
    private readonly Lazy<(MountAllowlist? List, string? Error, bool Missing)> _allowlist;

    public HostCheckContext(GroupPlan plan, HostCheckOptions options)
    {
        Plan = plan;
        Options = options;
        DataRoot = Path.GetFullPath(options.DataRoot).TrimEnd('/');
        RealDataRoot = HostPaths.RealPathOrFull(DataRoot);
        _allowlist = new Lazy<(MountAllowlist?, string?, bool)>(LoadAllowlist);
        Writable = WritableFolders.Of(WritableFolders.Installation(plan, options.Installation), options.ResolvedHome);
    }

    public GroupPlan Plan { get; }

    public HostCheckOptions Options { get; }

    /// <summary>The data root, full, as given.</summary>
    public string DataRoot { get; }

    /// <summary>The data root's real path (links resolved).</summary>
    public string RealDataRoot { get; }

    /// <summary>The operator's mount allowlist: the list, or why there is none (and whether it is missing).</summary>
    public (MountAllowlist? List, string? Error, bool Missing) Allowlist => _allowlist.Value;

    /// <summary>The folders containers of the installation can write (computed once per check).</summary>
    public IReadOnlyList<WritableFolder> Writable { get; }

    public List<HostCheckError> Errors { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<ResolvedBind> ToCreate { get; } = new();

    /// <summary>Records an error for <paramref name="mount"/>; returns null (no bind).</summary>
    public ResolvedBind? Fail(Mount mount, string reason, string fix, HostProblemKind kind)
    {
        Errors.Add(new HostCheckError(Plan.Id, mount.Name, mount.ContainerPath, reason, fix) { Kind = kind });
        return null;
    }

    /// <summary><see cref="Fail"/> for a step that says whether it refused: always true.</summary>
    public bool Refused(Mount mount, string reason, string fix, HostProblemKind kind)
    {
        Fail(mount, reason, fix, kind);
        return true;
    }

    private (MountAllowlist?, string?, bool) LoadAllowlist()
    {
        var path = Options.ResolvedAllowlistPath;
        try
        {
            var list = MountAllowlist.Load(path, Options.ResolvedHome, Writable);
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
}
