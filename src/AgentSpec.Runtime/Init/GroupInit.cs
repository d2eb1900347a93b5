using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
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

    /// <summary>What the agent writes alone: its settings.json.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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
        DataRootCheck.EnsureTrusted(rootPath); // never create inside (or use) folders someone else can change
        CreateDataRoot(rootPath);

        // Below the data root nothing is done by path: every operation is relative to a descriptor reached without following links.
        using var root = HostDirectory.OpenRoot(rootPath);
        var tree = new InitTree(root, plan, session);
        tree.CreateGroupFolders();
        var sourced = tree.Sourced();
        foreach (var mount in sourced)
        {
            tree.CreateSource(mount, credential);
        }

        tree.CreateClaudeDefaults();
        tree.HandOverWritable(sourced, owner);
        var repaired = tree.RepairAgentFolderModes(owner);
        tree.EnsureReadable(sourced, owner);
        return new InitReport(plan.Id, tree.Created) { Repaired = repaired };
    }

    /// <summary>
    /// The operator's side of the data root: DataRootCheck vouched for it and the folders above it. Missing folders are
    /// created 0700 (the root itself; its parents with the default mode), a --data-dir root as private as the default one.
    /// </summary>
    private static void CreateDataRoot(string rootPath)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(rootPath);
        }
        else
        {
            Directory.CreateDirectory(rootPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
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
            using var parent = root.OpenBelow(InitTree.PartsBelow(rootPath, Path.GetDirectoryName(folder)!));
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

    /// <summary>Initializes every plan (in order) and returns one report per plan.</summary>
    public static IReadOnlyList<InitReport> InitMany(IEnumerable<GroupPlan> plans, string dataRoot, string session = HostManagedMounts.DefaultSession) =>
        plans.Select(p => Init(p, dataRoot, session)).ToList();

    /// <summary>container.json as group-init writes it, without credential values (what `render kubernetes` puts in its ConfigMap).</summary>
    public static string ContainerJson(GroupPlan plan) => ContainerConfigJson.Write(plan);
}
