using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Model;

/// <summary>
/// What a group's container sees of the shared skills folder ({dataRoot}/container/skills): with `skills: all` the
/// whole folder at /app/skills (the host-managed 'skills' bind of <see cref="HostManagedMounts.Table"/>); with a
/// list, /app/skills is a fresh, empty, read-only tmpfs (a mount point the host controls) with one read-only bind
/// per declared skill, {dataRoot}/container/skills/&lt;name&gt; at /app/skills/&lt;name&gt;, and nothing else.
/// An empty list leaves /app/skills empty. The skills folder is the operator's: group-init creates nothing in it.
/// </summary>
public static class SkillMounts
{
    /// <summary>The name of the host-managed mount at /app/skills (a bind for 'all', a tmpfs for a list).</summary>
    public const string RootName = "skills";

    /// <summary>Per-skill mounts are named "skills/&lt;name&gt;".</summary>
    public const string NamePrefix = RootName + "/";

    public const string FolderTemplate = "{dataRoot}/container/skills";

    public const string ContainerRoot = "/app/skills";

    /// <summary>Longest skill name: one folder name on every file system the host may use.</summary>
    public const int MaxNameLength = 255;

    /// <summary>
    /// A skill name is one safe folder name: letters, digits, '-', '_' or '.', starting with a letter or digit, no
    /// '..'. It becomes a host path below the skills folder and a container path below /app/skills, so anything
    /// else (a '/', '..', a ':' Docker reads as an option separator) could mount another folder.
    /// </summary>
    public static bool IsSafeName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name!.Length > MaxNameLength || name.IndexOf("..", StringComparison.Ordinal) >= 0 || !IsLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsLetterOrDigit(c) && c != '-' && c != '_' && c != '.')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The host-managed mounts of a group with this skill selection (null: all), in bind order: the table, with
    /// the 'skills' bind replaced, for a list, by the tmpfs and followed by one bind per skill in declared order.
    /// </summary>
    public static IReadOnlyList<Mount> HostManagedFor(IEnumerable<string>? skills)
    {
        if (skills is null)
        {
            return HostManagedMounts.Table;
        }

        var names = skills.ToList();
        foreach (var name in names)
        {
            if (!IsSafeName(name))
            {
                throw new ArgumentException($"Skill '{name}' is not a safe folder name (letters, digits, '-', '_' or '.', starting with a letter or digit, no '..'); see AGS0418.", nameof(skills));
            }
        }

        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Skill '{duplicate.Key}' is listed twice; each skill is mounted once (AGS0419).", nameof(skills));
        }

        var list = new List<Mount>();
        foreach (var mount in HostManagedMounts.Table)
        {
            if (mount.Name != RootName)
            {
                list.Add(mount);
                continue;
            }

            list.Add(new Mount(RootName, HostManagedMounts.TmpfsSource, ContainerRoot, true, MountOrigin.HostManaged, MountKind.Tmpfs));
            list.AddRange(names.Select(Skill));
        }

        return list;
    }

    /// <summary>True for the bind of one declared skill (not for the /app/skills root).</summary>
    public static bool IsSkill(Mount mount) => mount.IsHostManaged && mount.Name.StartsWith(NamePrefix, StringComparison.Ordinal);

    private static Mount Skill(string name) =>
        new(NamePrefix + name, FolderTemplate + "/" + name, ContainerRoot + "/" + name, true, MountOrigin.HostManaged);

    private static bool IsLetterOrDigit(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
