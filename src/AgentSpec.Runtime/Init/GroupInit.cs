using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// Group-init: creates the host sources of every host-managed mount of a plan below the data root, plus the
/// defaults a group starts with. Idempotent and safe to run concurrently: it never overwrites or deletes
/// anything (except what an interrupted init left), creates files whole (an unnamed O_TMPFILE file linked to its
/// name only if the name is free), and refuses symlinks below the data root. It never acts by path below the
/// data root: containers can write several of these folders while init runs for another session, so every
/// create, chmod and chown works relative to descriptors opened without following links (<see cref="HostDirectory"/>).
/// What the agent writes (the session folder, groups/&lt;folder&gt;/, skill-data, .claude-shared and its
/// defaults) belongs to the container user, private (0700/0600): run as root, init hands over what it created
/// or what root owns; otherwise the container user must be the invoking user. The read-only sources stay
/// the operator's, readable by the container user and not writable by it.
/// </summary>
internal static class GroupInit
{
    /// <summary>Per-group data directories: only the invoking user may enter them.</summary>
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Shared directories (groups/global, container/*) and intermediate folders.</summary>
    public const UnixFileMode SharedDirectoryMode = PrivateDirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>container.json: the operator's, mounted read-only; the container user reads it whoever owns it.</summary>
    public const UnixFileMode ReadOnlyFileMode = PrivateFileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The default Claude settings of a new group: NanoClaw's group-init's (src/group-init.ts), written only when missing.</summary>
    public const string DefaultClaudeSettings = RunnerLayout.DefaultClaudeSettings;

    /// <summary>Initializes one group below <paramref name="dataRoot"/> for the container user <paramref name="user"/> (default: the plan's, else the host default).</summary>
    /// <param name="credential">The value of an MCP server's credential (the operator's credentials.json); null leaves them out of container.json.</param>
    public static InitReport Init(
        GroupPlan plan,
        string dataRoot,
        string session = HostManagedMounts.DefaultSession,
        ContainerUser? user = null,
        Func<McpCredential, string>? credential = null)
    {
        SessionGuard.Ensure(session, plan.Id); // before anything is created: the name becomes a folder
        var owner = user ?? ContainerSecurity.ResolveUser(plan);
        var rootPath = Path.GetFullPath(dataRoot).TrimEnd('/');
        var created = new List<InitEntry>();
        DataRootCheck.EnsureTrusted(rootPath); // never create inside (or use) folders someone else can change
        // The operator's side of the data root: DataRootCheck vouched for it and the folders above it. Missing folders are
        // created 0700 (the root itself; its parents with the default mode), a --data-dir root as private as the default one.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(rootPath);
        }
        else
        {
            Directory.CreateDirectory(rootPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Below the data root nothing is done by path: every operation is relative to a descriptor reached without following links.
        using var root = HostDirectory.OpenRoot(rootPath);
        string Source(string name) => HostManagedMounts.Resolve(HostManagedMounts.Named(name)!.HostSource, rootPath, plan.Id, plan.Folder, session);

        var groupData = HostManagedMounts.Resolve(HostManagedMounts.GroupDataTemplate, rootPath, plan.Id, plan.Folder, session);
        EnsureDirectory(root, groupData, PrivateDirectoryMode, created).Dispose();
        using (var agentFolder = EnsureDirectory(root, Source("agent"), PrivateDirectoryMode, created))
        {
            RunnerLayout.KeepOlderClaudeMd(agentFolder);
            RunnerLayout.EnsureSharedLink(agentFolder);
        }

        // Only binds have a host source (a tmpfs is made by the engine for each run). A declared skill's folder is the
        // operator's: init creates nothing there, and the host check refuses the spawn when one is missing.
        var sourced = plan.Mounts.HostManaged.Where(m => !m.IsTmpfs && !SkillMounts.IsSkill(m)).ToList();
        foreach (var mount in sourced)
        {
            var path = HostManagedMounts.Resolve(mount.HostSource, rootPath, plan.Id, plan.Folder, session);
            if (mount.Name == "container.json")
            {
                // Before each spawn, from the plan (and the operator's credentials): never a stale or an agent's copy.
                using var dir = EnsureDirectory(root, Path.GetDirectoryName(path)!, PrivateDirectoryMode, created);
                dir.RemoveStaleTemps(Path.GetFileName(path));
                var before = dir.Stat(Path.GetFileName(path));
                if (before?.Kind == EntryKind.SymbolicLink)
                {
                    throw HostDirectory.SymlinkRefusal(path);
                }

                dir.ReplaceFile(Path.GetFileName(path), Encoding.UTF8.GetBytes(ContainerConfigJson.Write(plan, credential)), ReadOnlyFileMode);
                if (before is null)
                {
                    created.Add(new InitEntry(path, IsDirectory: false));
                }
            }
            else if (HostManagedMounts.IsFileSource(mount))
            {
                EnsureFile(root, path, RunnerLayout.FileContent(mount, plan), created, ReadOnlyFileMode);
            }
            else
            {
                EnsureDirectory(root, path, HostPaths.IsSameOrUnder(path, groupData) || mount.Name == "agent" ? PrivateDirectoryMode : SharedDirectoryMode, created).Dispose();
            }
        }

        var claude = Source(".claude");
        EnsureFile(root, Path.Join(claude, "settings.json"), DefaultClaudeSettings, created, PrivateFileMode);
        using (var skills = EnsureDirectory(root, Path.Join(claude, "skills"), PrivateDirectoryMode, created))
        {
            SkillLinks.Sync(skills, plan, rootPath);
        }

        var writable = sourced.Where(m => !m.ReadOnly).Select(m => m.Name)
            .Select(Source)
            .Concat(new[] { Path.Join(claude, "settings.json"), Path.Join(claude, "skills") });
        foreach (var path in writable)
        {
            HandOver(root, path, owner, plan.Id);
        }

        // What the agent did to its own folders' modes (skill-data set to 000) is undone: the host owns the structure.
        var repaired = new List<string>();
        foreach (var path in AgentFolderModes.Folders(plan, rootPath, session).Append(Path.Join(claude, "skills")))
        {
            using var parent = OpenExisting(root, Path.GetDirectoryName(path)!);
            if (AgentFolderModes.Repair(parent, Path.GetFileName(path), owner.Uid) is { } old)
            {
                repaired.Add($"'{path}' had mode {old}, so the agent could not use it (did it chmod it?); group-init gave its owner read, " +
                    $"write and search back");
            }
        }

        foreach (var mount in sourced.Where(m => m.ReadOnly).Concat(plan.Mounts.HostManaged.Where(SkillMounts.IsSkill)))
        {
            EnsureReadable(root, HostManagedMounts.Resolve(mount.HostSource, rootPath, plan.Id, plan.Folder, session), owner, plan.Id);
        }

        return new InitReport(plan.Id, created) { Repaired = repaired };
    }

    /// <summary>
    /// Undoes the part of an init a failed spawn must not leave: the session folder, when this init created it and it
    /// is still empty (removed with unlinkat(AT_REMOVEDIR) on its parent's descriptor, which never follows a link and
    /// never removes a folder with anything in it). Never throws: the spawn's own failure is what is reported.
    /// </summary>
    public static void RemoveNewSessionFolder(InitReport report, GroupPlan plan, string dataRoot, string session)
    {
        var rootPath = Path.GetFullPath(dataRoot).TrimEnd('/');
        var folder = HostManagedMounts.Resolve(HostManagedMounts.Named("workspace")!.HostSource, rootPath, plan.Id, plan.Folder, session);
        if (!report.Created.Any(e => e.IsDirectory && e.Path == folder))
        {
            return;
        }

        try
        {
            using var root = HostDirectory.OpenRoot(rootPath);
            using var parent = root.OpenBelow(PartsBelow(rootPath, Path.GetDirectoryName(folder)!));
            if (parent is not null)
            {
                Libc.unlinkat((int)parent.Handle.DangerousGetHandle(), Path.GetFileName(folder), Libc.AT_REMOVEDIR);
            }
        }
        catch (RuntimeError)
        {
            // Nothing to undo through a link or a vanished folder.
        }
    }

    /// <summary>
    /// Makes <paramref name="path"/> the container user's. As root, init gives it what root owns (what it just
    /// created, or an older init made); a path another user owns is refused, never taken: its contents may be
    /// theirs. The entry is opened with O_PATH|O_NOFOLLOW relative to its parent's descriptor, checked with
    /// fstat and changed with fchownat(AT_EMPTY_PATH): the inode checked is the inode changed, never a link's
    /// target. A file with a second hard link is refused (the other name could be anywhere on the host).
    /// </summary>
    private static void HandOver(HostDirectory root, string path, ContainerUser user, string groupId)
    {
        using var parent = OpenExisting(root, Path.GetDirectoryName(path)!);
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

        var fix = HostFiles.IsRoot
            ? $"if it is this group's data, give it to the container user: chown -R {user} '{path}'; or set user: in groups.yaml to its owner"
            : $"run agentspec as root so group-init can hand it over, or run it as uid {user.Uid}, or set user: \"{stat.Uid}:{stat.Gid}\" for group '{groupId}' in groups.yaml";
        throw new RuntimeError($"group-init: '{path}' belongs to uid {stat.Uid}{(stat.LinkCount > 1 && !stat.IsDirectory ? $" and has {stat.LinkCount} hard links" : string.Empty)}, but group '{groupId}' runs as {user} and must own what it writes; {fix}");
    }

    /// <summary>A read-only source the container user cannot read would fail inside the agent; say so now.</summary>
    private static void EnsureReadable(HostDirectory root, string path, ContainerUser user, string groupId)
    {
        // A declared skill's folder is the operator's and may not be installed yet: the host check before each spawn
        // refuses a missing one with its path, so init only checks what is there.
        using var parent = root.OpenBelow(PartsBelow(root.Path, Path.GetDirectoryName(path)!));
        if (parent?.Stat(Path.GetFileName(path)) is { } stat && !stat.ReadableBy(user.Uid, user.Gid))
        {
            throw new RuntimeError($"group-init: group '{groupId}' runs as {user}, which cannot read '{path}' (owner {stat.Uid}:{stat.Gid}, mode {Convert.ToString((int)stat.Mode, 8)}); make it readable, e.g. chmod {(stat.IsDirectory ? "755" : "644")} '{path}'");
        }
    }

    /// <summary>Initializes every plan (in order) and returns one report per plan.</summary>
    public static IReadOnlyList<InitReport> InitMany(IEnumerable<GroupPlan> plans, string dataRoot, string session = HostManagedMounts.DefaultSession) =>
        plans.Select(p => Init(p, dataRoot, session)).ToList();

    /// <summary>container.json as group-init writes it, without credential values (what `render kubernetes` puts in its ConfigMap).</summary>
    public static string ContainerJson(GroupPlan plan) => ContainerConfigJson.Write(plan);

    /// <summary>Opens (creating what is missing) every directory from the data root down to <paramref name="path"/>; refuses links and files on the way.</summary>
    private static HostDirectory EnsureDirectory(HostDirectory root, string path, UnixFileMode leafMode, List<InitEntry> created) =>
        root.CreateBelow(
            PartsBelow(root.Path, path),
            (current, last) => last ? leafMode : (IsPrivateAncestor(root.Path, current) ? PrivateDirectoryMode : SharedDirectoryMode),
            made => created.Add(new InitEntry(made, IsDirectory: true)));

    /// <summary>Opens the existing directory <paramref name="path"/> below the data root, refusing links on the way.</summary>
    private static HostDirectory OpenExisting(HostDirectory root, string path) =>
        root.OpenBelow(PartsBelow(root.Path, path)) ?? throw Vanished(path);

    private static RuntimeError Vanished(string path) =>
        new($"group-init: '{path}' disappeared while group-init worked on it; something that can write its folder (a running container of this group?) removed it. Run again");

    private static string[] PartsBelow(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new RuntimeError($"group-init: '{path}' is not below the data root '{root}'");
        }

        return HostPaths.Split(relative).Where(p => p != ".").ToArray();
    }

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
    private static void EnsureFile(HostDirectory root, string path, string content, List<InitEntry> created, UnixFileMode mode)
    {
        using var dir = EnsureDirectory(root, Path.GetDirectoryName(path)!, PrivateDirectoryMode, created);
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
                    created.Add(new InitEntry(path, IsDirectory: false));
                }

                return;
            default:
                return; // there already: never overwritten
        }
    }
}
