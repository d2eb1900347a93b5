using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The steps of one group-init (<see cref="GroupInit.Init"/>) below an opened data root, for one plan and session, and
/// the descriptor-relative operations they use: every create, chmod and chown works relative to a directory opened
/// without following links (<see cref="HostDirectory"/>), never by path. Collects what it created.
/// </summary>
internal sealed class InitTree
{
    private readonly HostDirectory _root;
    private readonly GroupPlan _plan;
    private readonly string _session;
    private readonly List<InitEntry> _created = [];

    public InitTree(HostDirectory root, GroupPlan plan, string session)
    {
        _root = root;
        _plan = plan;
        _session = session;
        GroupData = Resolve(HostManagedMounts.GroupDataTemplate);
        Claude = Source(".claude");
    }

    /// <summary>What this init created (directories and files), in order.</summary>
    public IReadOnlyList<InitEntry> Created => _created;

    /// <summary>The group's data folder (data/v2-sessions/&lt;id&gt;/).</summary>
    private string GroupData { get; }

    /// <summary>The host source of the .claude mount (settings.json, skills/).</summary>
    private string Claude { get; }

    /// <summary>
    /// The host-managed mounts with a host source init creates: only binds have one (a tmpfs is made by the engine for each
    /// run), and a declared skill's folder is the operator's (init creates nothing there; the host check refuses the spawn
    /// when one is missing).
    /// </summary>
    public IReadOnlyList<Mount> Sourced() => _plan.Mounts.HostManaged.Where(m => !m.IsTmpfs && !SkillMounts.IsSkill(m)).ToList();

    /// <summary>The group's data folder and the agent folder (with the runner's CLAUDE.md and shared link).</summary>
    public void CreateGroupFolders()
    {
        EnsureDirectory(GroupData, GroupInit.PrivateDirectoryMode).Dispose();
        using var agentFolder = EnsureDirectory(Source("agent"), GroupInit.PrivateDirectoryMode);
        RunnerLayout.KeepOlderClaudeMd(agentFolder);
        RunnerLayout.EnsureSharedLink(agentFolder);
    }

    /// <summary>The host source of one sourced mount: container.json written afresh, another file created when missing, or a directory.</summary>
    public void CreateSource(Mount mount, Func<McpCredential, string>? credential)
    {
        var path = Resolve(mount.HostSource);
        if (mount.Name == "container.json")
        {
            WriteContainerJson(path, credential);
        }
        else if (HostManagedMounts.IsFileSource(mount))
        {
            EnsureFile(path, RunnerLayout.FileContent(mount, _plan), GroupInit.ReadOnlyFileMode);
        }
        else
        {
            var mode = HostPaths.IsSameOrUnder(path, GroupData) || mount.Name == "agent" ? GroupInit.PrivateDirectoryMode : GroupInit.SharedDirectoryMode;
            EnsureDirectory(path, mode).Dispose();
        }
    }

    /// <summary>.claude/settings.json (the defaults, when missing) and .claude/skills with the plan's skill links.</summary>
    public void CreateClaudeDefaults()
    {
        EnsureFile(Path.Join(Claude, "settings.json"), GroupInit.DefaultClaudeSettings, GroupInit.PrivateFileMode);
        using var skills = EnsureDirectory(Path.Join(Claude, "skills"), GroupInit.PrivateDirectoryMode);
        SkillLinks.Sync(skills, _plan, _root.Path);
    }

    /// <summary>Hands what the agent writes (the writable sources, settings.json, skills/) to the container user.</summary>
    public void HandOverWritable(IEnumerable<Mount> sourced, ContainerUser owner)
    {
        var writable = sourced.Where(m => !m.ReadOnly).Select(m => m.Name)
            .Select(Source)
            .Concat(new[] { Path.Join(Claude, "settings.json"), Path.Join(Claude, "skills") });
        foreach (var path in writable)
        {
            HandOver(path, owner);
        }
    }

    /// <summary>What the agent did to its own folders' modes (skill-data set to 000) is undone: the host owns the structure.</summary>
    public IReadOnlyList<string> RepairAgentFolderModes(ContainerUser owner)
    {
        var repaired = new List<string>();
        foreach (var path in AgentFolderModes.Folders(_plan, _root.Path, _session).Append(Path.Join(Claude, "skills")))
        {
            using var parent = OpenExisting(Path.GetDirectoryName(path)!);
            if (AgentFolderModes.Repair(parent, Path.GetFileName(path), owner.Uid) is { } old)
            {
                repaired.Add($"'{path}' had mode {old}, so the agent could not use it (did it chmod it?); group-init gave its owner read, " +
                    $"write and search back");
            }
        }

        return repaired;
    }

    /// <summary>Every read-only source (and declared skill folder) is readable by the container user.</summary>
    public void EnsureReadable(IEnumerable<Mount> sourced, ContainerUser owner)
    {
        foreach (var mount in sourced.Where(m => m.ReadOnly).Concat(_plan.Mounts.HostManaged.Where(SkillMounts.IsSkill)))
        {
            EnsureReadable(Resolve(mount.HostSource), owner);
        }
    }

    /// <summary>The relative parts of <paramref name="path"/> below <paramref name="root"/>; refuses a path outside it.</summary>
    public static string[] PartsBelow(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new RuntimeError($"group-init: '{path}' is not below the data root '{root}'");
        }

        return HostPaths.Split(relative).Where(p => p != ".").ToArray();
    }

    private string Resolve(string template) => HostManagedMounts.Resolve(template, _root.Path, _plan.Id, _plan.Folder, _session);

    private string Source(string name) => Resolve(HostManagedMounts.Named(name)!.HostSource);

    /// <summary>container.json, before each spawn, from the plan (and the operator's credentials): never a stale or an agent's copy.</summary>
    private void WriteContainerJson(string path, Func<McpCredential, string>? credential)
    {
        using var dir = EnsureDirectory(Path.GetDirectoryName(path)!, GroupInit.PrivateDirectoryMode);
        var name = Path.GetFileName(path);
        dir.RemoveStaleTemps(name);
        var before = dir.Stat(name);
        if (before?.Kind == EntryKind.SymbolicLink)
        {
            throw HostDirectory.SymlinkRefusal(path);
        }

        // A missing file is created new (of concurrent inits exactly one reports it); one that is there is replaced.
        var json = Encoding.UTF8.GetBytes(ContainerConfigJson.Write(_plan, credential));
        if (before is null && dir.CreateFile(name, json, GroupInit.ReadOnlyFileMode))
        {
            _created.Add(new InitEntry(path, IsDirectory: false));
        }
        else
        {
            dir.ReplaceFile(name, json, GroupInit.ReadOnlyFileMode);
        }
    }

    /// <summary>
    /// Makes <paramref name="path"/> the container user's. As root, init gives it what root owns (what it just
    /// created, or an older init made); a path another user owns is refused, never taken: its contents may be
    /// theirs. The entry is opened with O_PATH|O_NOFOLLOW relative to its parent's descriptor, checked with
    /// fstat and changed with fchownat(AT_EMPTY_PATH): the inode checked is the inode changed, never a link's
    /// target. A file with a second hard link is refused (the other name could be anywhere on the host).
    /// </summary>
    private void HandOver(string path, ContainerUser user)
    {
        using var parent = OpenExisting(Path.GetDirectoryName(path)!);
        using var entry = parent.OpenEntry(Path.GetFileName(path)) ?? throw Vanished(path);
        var stat = HostFiles.Fstat(entry);
        if (stat.Uid == user.Uid)
        {
            return;
        }

        if (stat.Kind == EntryKind.SymbolicLink)
        {
            throw HostDirectory.SymlinkRefusal(path);
        }

        if (stat.LinkCount == 0)
        {
            throw Vanished(path); // removed after it was opened: nothing left to hand over
        }

        if (HostFiles.IsRoot && stat.Uid == 0 && (stat.IsDirectory || stat.LinkCount == 1))
        {
            HostDirectory.Chown(entry, path, user.Uid, user.Gid);
            return;
        }

        var groupId = _plan.Id;
        var fix = HostFiles.IsRoot
            ? $"if it is this group's data, give it to the container user: chown -R {user} '{path}'; or set user: in groups.yaml to its owner"
            : $"run agentspec as root so group-init can hand it over, or run it as uid {user.Uid}, " +
                $"or set user: \"{stat.Uid}:{stat.Gid}\" for group '{groupId}' in groups.yaml";
        var links = stat.LinkCount > 1 && !stat.IsDirectory ? $" and has {stat.LinkCount} hard links" : string.Empty;
        throw new RuntimeError(
            $"group-init: '{path}' belongs to uid {stat.Uid}{links}, but group '{groupId}' runs as {user} and must own what it writes; {fix}");
    }

    /// <summary>A read-only source the container user cannot read would fail inside the agent; say so now.</summary>
    private void EnsureReadable(string path, ContainerUser user)
    {
        // A declared skill's folder is the operator's and may not be installed yet: the host check before each spawn
        // refuses a missing one with its path, so init only checks what is there.
        using var parent = _root.OpenBelow(PartsBelow(_root.Path, Path.GetDirectoryName(path)!));
        if (parent?.Stat(Path.GetFileName(path)) is { } stat && !stat.ReadableBy(user.Uid, user.Gid))
        {
            throw new RuntimeError($"group-init: group '{_plan.Id}' runs as {user}, which cannot read '{path}' (owner {stat.Uid}:{stat.Gid}, " +
                $"mode {Convert.ToString((int)stat.Mode, 8)}); make it readable, e.g. chmod {(stat.IsDirectory ? "755" : "644")} '{path}'");
        }
    }

    /// <summary>
    /// Opens (creating what is missing) every directory from the data root down to <paramref name="path"/>; refuses links
    /// and files on the way.
    /// </summary>
    private HostDirectory EnsureDirectory(string path, UnixFileMode leafMode) =>
        _root.CreateBelow(
            PartsBelow(_root.Path, path),
            (current, last) => last ? leafMode : (IsPrivateAncestor(_root.Path, current) ? GroupInit.PrivateDirectoryMode : GroupInit.SharedDirectoryMode),
            made => _created.Add(new InitEntry(made, IsDirectory: true)));

    /// <summary>Opens the existing directory <paramref name="path"/> below the data root, refusing links on the way.</summary>
    private HostDirectory OpenExisting(string path) =>
        _root.OpenBelow(PartsBelow(_root.Path, path)) ?? throw Vanished(path);

    private static RuntimeError Vanished(string path) =>
        new($"group-init: '{path}' disappeared while group-init worked on it; something that can write its folder " +
            "(a running container of this group?) removed it. Run again");

    /// <summary>
    /// Ancestors inside a group's data folder (data/v2-sessions/&lt;id&gt;/...) are private too, and so is groups/:
    /// groups/&lt;folder&gt;/ belongs to the container user, and the default 1000:1000 can be a real local user of the
    /// host, who must not reach the agent's working folder. Only the engine (root) needs to traverse it.
    /// </summary>
    private static bool IsPrivateAncestor(string root, string path)
    {
        var parts = HostPaths.Split(Path.GetRelativePath(root, path));
        return (parts.Length >= 3 && parts[0] == "data" && parts[1] == "v2-sessions") || (parts.Length == 1 && parts[0] == "groups");
    }

    /// <summary>
    /// Creates the file <paramref name="path"/> whole when it is missing (never overwriting), in a folder opened
    /// without following links; first removes what an interrupted init left there (.&lt;name&gt;.init-*).
    /// </summary>
    private void EnsureFile(string path, string content, UnixFileMode mode)
    {
        using var dir = EnsureDirectory(Path.GetDirectoryName(path)!, GroupInit.PrivateDirectoryMode);
        var name = Path.GetFileName(path);
        dir.RemoveStaleTemps(name);
        switch (dir.Stat(name)?.Kind)
        {
            case EntryKind.SymbolicLink:
                throw HostDirectory.SymlinkRefusal(path);
            case EntryKind.Directory:
                throw new RuntimeError($"group-init: '{path}' is a directory but must be a file; move it away and run again");
            case null:
                if (dir.CreateFile(name, Encoding.UTF8.GetBytes(content), mode))
                {
                    _created.Add(new InitEntry(path, IsDirectory: false));
                }

                return;
            default:
                return; // there already: never overwritten
        }
    }
}
