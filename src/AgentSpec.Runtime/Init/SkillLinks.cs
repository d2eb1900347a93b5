using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The skill links of .claude-shared/skills/ (Claude Code's ~/.claude/skills), as NanoClaw's runner syncs them: one
/// link per skill the group may use, to /app/skills/&lt;name&gt; (a container path: dangling on the host, never followed
/// by it). Links to skills the group does not declare are removed; entries that are not links are the agent's and left
/// alone. Done on the folder's descriptor: symlinkat and unlinkat never follow a link.
/// </summary>
internal static class SkillLinks
{
    /// <summary>The link target of skill <paramref name="name"/>, inside the container.</summary>
    public static string Target(string name) => SkillMounts.ContainerRoot + "/" + name;

    public static void Sync(HostDirectory skills, GroupPlan plan, string dataRoot)
    {
        var wanted = Wanted(plan, dataRoot);
        var fd = (int)skills.Handle.DangerousGetHandle();
        foreach (var entry in Entries(skills))
        {
            if (skills.Stat(entry) is { Kind: EntryKind.SymbolicLink } && !wanted.Contains(entry))
            {
                Libc.unlinkat(fd, entry, 0);
            }
        }

        foreach (var name in wanted.Where(n => skills.Stat(n) is null))
        {
            Libc.symlinkat(Target(name), fd, name);
        }
    }

    /// <summary>The declared skills; for 'all', every folder of the operator's shared skills folder that has a safe name.</summary>
    private static HashSet<string> Wanted(GroupPlan plan, string dataRoot)
    {
        if (plan.Skills is { } listed)
        {
            return new HashSet<string>(listed.Where(SkillMounts.IsSafeName));
        }

        var folder = HostManagedMounts.Resolve(SkillMounts.FolderTemplate, dataRoot, plan.Id, plan.Folder);
        return Directory.Exists(folder)
            ? new HashSet<string>(
                new DirectoryInfo(folder).EnumerateDirectories().Where(d => d.LinkTarget is null).Select(d => d.Name).Where(SkillMounts.IsSafeName))
            : new HashSet<string>();
    }

    /// <summary>The names in the folder, read through /proc/self/fd (the open inode, not a path that could be re-resolved).</summary>
    private static IEnumerable<string> Entries(HostDirectory dir)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/self/fd/{(int)dir.Handle.DangerousGetHandle()}").Select(Path.GetFileName).ToList()!;
        }
        catch (IOException)
        {
            return new List<string>();
        }
    }
}
