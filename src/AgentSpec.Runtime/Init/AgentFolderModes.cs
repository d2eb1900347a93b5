using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The agent owns its writable host-managed folders (session folder, groups/&lt;folder&gt;/, skill-data,
/// .claude-shared), so it can chmod them, e.g. skill-data to 000: the next run would start with an agent that
/// cannot read its own data. The host owns the data root's structure, so group-init repairs that: a folder the
/// container user owns that lacks owner read, write or search gets them back (u+rwx, nothing else changes), through
/// the entry opened with O_PATH|O_NOFOLLOW (chmod of /proc/self/fd/N acts on that inode, never on a link's target).
/// `doctor` reports what init would repair.
/// </summary>
internal static class AgentFolderModes
{
    private const int OwnerAll = 0x1C0; // 0700

    /// <summary>The writable host-managed folders of <paramref name="plan"/>'s session that exist and lack u+rwx for their owner, with their mode.</summary>
    public static IReadOnlyList<(string Path, string Octal)> Damaged(GroupPlan plan, string dataRoot, string session) =>
        Folders(plan, dataRoot, session)
            .Select(p => (Path: p, Facts: HostFiles.Lstat(p)))
            .Where(x => x.Facts is { IsDirectory: true } f && (f.Mode & OwnerAll) != OwnerAll)
            .Select(x => (x.Path, x.Facts!.Value.Octal))
            .ToList();

    /// <summary>The writable host-managed folder sources of a plan's session (what the agent owns).</summary>
    public static IEnumerable<string> Folders(GroupPlan plan, string dataRoot, string session) =>
        plan.Mounts.HostManaged
            .Where(m => !m.IsTmpfs && !m.ReadOnly && !SkillMounts.IsSkill(m) && !HostManagedMounts.IsFileSource(m))
            .Select(m => HostManagedMounts.Resolve(m.HostSource, System.IO.Path.GetFullPath(dataRoot).TrimEnd('/'), plan.Id, plan.Folder, session));

    /// <summary>
    /// Gives the folder entry <paramref name="name"/> of <paramref name="parent"/> back u+rwx when its owner
    /// <paramref name="uid"/> lacks them; returns the old mode (octal) when it repaired it, else null.
    /// </summary>
    public static string? Repair(HostDirectory parent, string name, long uid)
    {
        using var entry = parent.OpenEntry(name);
        if (entry is null)
        {
            return null;
        }

        var facts = HostFiles.Fstat(entry);
        if (!facts.IsDirectory || facts.Uid != uid || (facts.Mode & OwnerAll) == OwnerAll)
        {
            return null;
        }

        var mode = (uint)((facts.Mode & 0xFFF) | OwnerAll);
        if (chmod($"/proc/self/fd/{(int)entry.DangerousGetHandle()}", mode) != 0)
        {
            throw new RuntimeError($"group-init: '{parent.PathOf(name)}' has mode {facts.Octal}, so the agent cannot use it, and restoring " +
                $"u+rwx failed (errno {Libc.Errno}); run chmod u+rwx '{parent.PathOf(name)}'");
        }

        return facts.Octal;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chmod(string path, uint mode);
}
