using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Core.Checks;

/// <summary>
/// AGS0401–AGS0415: identity, uniqueness, environment, skills and image of each group, with the container rules
/// (<see cref="ContainerRules"/>) and the mount rules (<see cref="MountRules"/>). Linear in the file size.
/// </summary>
internal static class GroupRules
{
    private static readonly Regex IdPattern = new("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex FolderPattern = new("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant);

    /// <summary>The schema's maxLength of a group id and of a folder name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Whether <paramref name="id"/> is a group id the build accepts (schema length and AGS0401): also what import writes.</summary>
    public static bool IsValidId(string id) => id.Length <= MaxNameLength && IdPattern.IsMatch(id);

    /// <summary>Whether <paramref name="folder"/> is a folder name the build accepts: schema length, safe (AGS0403) and not reserved.</summary>
    public static bool IsValidFolder(string folder) => folder.Length <= MaxNameLength && IsSafeFolder(folder) && !IsReservedFolder(folder);

    private static bool IsSafeFolder(string folder) => FolderPattern.IsMatch(folder) && folder.IndexOf("..", StringComparison.Ordinal) < 0;

    private static bool IsReservedFolder(string folder) => string.Equals(folder, "global", StringComparison.OrdinalIgnoreCase);

    /// <summary>Checks the file; returns the findings and each group as checked. Reads the declaration, never changes it.</summary>
    public static CheckedFile Check(FileDeclaration file)
    {
        var findings = new List<Finding>(ContainerRules.Check(file));
        findings.AddRange(EgressRules.Check(file));
        findings.AddRange(AgentRules.Check(file));
        var ids = new Dictionary<string, GroupDeclaration>(StringComparer.Ordinal);
        // Case-insensitive: two folders differing only in case are one folder on macOS and Windows hosts.
        var folders = new Dictionary<string, GroupDeclaration>(StringComparer.OrdinalIgnoreCase);
        GroupDeclaration? main = null;
        var checkedGroups = new List<CheckedGroup>(file.Groups.Count);

        foreach (var group in file.Groups)
        {
            var identityValid = CheckIdentity(group, ids, folders, findings);
            main = CheckMain(group, main, findings);

            if (group.Image is null && file.DefaultImage is null && !file.DefaultImageDeclared && group.Node.Get("image") is null)
            {
                findings.Add(Rules.MissingImage.At(group.Id?.Span ?? group.Node.Span, group.Id?.Value ?? "?"));
            }

            if (group.Image is { } image)
            {
                ImageReference.Check(image, findings);
            }

            CheckEnvironment(group, findings);
            CheckSkills(group, findings);
            checkedGroups.Add(new CheckedGroup(group, identityValid, MountRules.Check(group, file, findings)));
        }

        MountRules.CheckSourcesInsideWritableMounts(checkedGroups, findings);

        if (file.DefaultImage is { } defaultImage)
        {
            ImageReference.Check(defaultImage, findings);
        }

        // One root cause, reported once: a 'main' value that is itself an error (main: yes) is where the main group went.
        var mainMistyped = file.Groups.Any(g => g.Node.Get("main") is { } m && m is not Yaml.YScalar { Kind: Yaml.YScalarKind.Bool });
        if (main is null && file.Groups.Count > 0 && !mainMistyped)
        {
            findings.Add(Rules.NoMainGroup.At(file.Groups[0].Id?.Span ?? file.Groups[0].Node.Span));
        }

        return new CheckedFile(file, checkedGroups, findings);
    }

    /// <summary>AGS0408: at most one group is main. Returns the main group so far.</summary>
    private static GroupDeclaration? CheckMain(GroupDeclaration group, GroupDeclaration? main, List<Finding> findings)
    {
        if (group.Main is not { Value: true } mainFlag)
        {
            return main;
        }

        if (main is null)
        {
            return group;
        }

        var firstLine = main.Main!.Span.StartLine + 1;
        findings.Add(Rules.MultipleMainGroups.At(mainFlag.Span, group.Id?.Value ?? "?", main.Id?.Value ?? "?", firstLine));
        return main;
    }

    /// <summary>AGS0401–AGS0405: the id and folder; false when either is refused, missing or empty (no plan is built then).</summary>
    private static bool CheckIdentity(
        GroupDeclaration group, Dictionary<string, GroupDeclaration> ids, Dictionary<string, GroupDeclaration> folders, List<Finding> findings)
    {
        var idValid = group.Id is { } id && CheckId(group, id, ids, findings);
        var folderValid = group.Folder is { } folder && CheckFolder(group, folder, folders, findings);
        return idValid && folderValid;
    }

    private static bool CheckId(GroupDeclaration group, Located<string> id, Dictionary<string, GroupDeclaration> ids, List<Finding> findings)
    {
        if (id.Value.Length == 0)
        {
            // The schema already reported the empty id (AGS0105).
            return false;
        }

        if (!IdPattern.IsMatch(id.Value))
        {
            findings.Add(Rules.InvalidGroupId.At(id.Span, id.Value));
            return false;
        }

        if (ids.TryGetValue(id.Value, out var first))
        {
            findings.Add(Rules.DuplicateGroupId.At(id.Span, id.Value, first.Id!.Span.StartLine + 1));
            return false;
        }

        ids.Add(id.Value, group);
        return true;
    }

    private static bool CheckFolder(GroupDeclaration group, Located<string> folder, Dictionary<string, GroupDeclaration> folders, List<Finding> findings)
    {
        if (folder.Value.Length == 0)
        {
            // The schema already reported the empty folder (AGS0105).
            return false;
        }

        if (!IsSafeFolder(folder.Value))
        {
            findings.Add(Rules.UnsafeFolder.At(folder.Span, folder.Value));
            return false;
        }

        if (IsReservedFolder(folder.Value))
        {
            findings.Add(Rules.ReservedFolder.At(folder.Span, folder.Value, "global (/workspace/global, read-only)"));
            return false;
        }

        if (folders.TryGetValue(folder.Value, out var first))
        {
            findings.Add(Rules.DuplicateFolder.At(folder.Span, folder.Value, first.Id?.Value ?? "?", first.Folder!.Span.StartLine + 1));
            return false;
        }

        folders.Add(folder.Value, group);
        return true;
    }

    private static void CheckEnvironment(GroupDeclaration group, List<Finding> findings)
    {
        foreach (var (name, _) in group.Env)
        {
            if (EnvironmentRules.SplitCharacter(name.Value) is { } split)
            {
                // '=' and whitespace first: the reserved and loader rules then judge the name the engine would set.
                var seen = EnvironmentRules.NameTheEngineSets(name.Value);
                findings.Add(Rules.SplitEnvName.At(name.Span, name.Value, split.What, split.Effect, split.Suggestion));
                CheckEngineName(name with { Value = seen }, findings);
            }
            else if (HostManagedMounts.ReservedEnvironment.TryGetValue(name.Value, out var why))
            {
                findings.Add(Rules.ReservedEnvName.At(name.Span, name.Value, why));
            }
            else if (HostManagedMounts.IsReservedEnvironmentName(name.Value))
            {
                findings.Add(Rules.ReservedEnvName.At(name.Span, name.Value, "the AGENTSPEC_ prefix is reserved for the host"));
            }
            else if (EnvironmentRules.InjectionReason(name.Value) is { } injects)
            {
                findings.Add(Rules.InjectionEnvName.At(name.Span, name.Value, injects));
            }
            else if (!EnvironmentNames.Pattern.IsMatch(name.Value))
            {
                findings.Add(Rules.InvalidEnvName.At(name.Span, name.Value));
            }
        }
    }

    /// <summary>The reserved and loader rules for the part of a split name that the engine would set (e.g. PATH of 'PATH=/x').</summary>
    private static void CheckEngineName(Located<string> name, List<Finding> findings)
    {
        if (name.Value.Length == 0)
        {
            return;
        }

        if (HostManagedMounts.ReservedEnvironment.TryGetValue(name.Value, out var why))
        {
            findings.Add(Rules.ReservedEnvName.At(name.Span, name.Value, why));
        }
        else if (HostManagedMounts.IsReservedEnvironmentName(name.Value))
        {
            findings.Add(Rules.ReservedEnvName.At(name.Span, name.Value, "the AGENTSPEC_ prefix is reserved for the host"));
        }
        else if (EnvironmentRules.InjectionReason(name.Value) is { } injects)
        {
            findings.Add(Rules.InjectionEnvName.At(name.Span, name.Value, injects));
        }
    }

    /// <summary>AGS0418, AGS0419: each listed skill is one safe folder name, listed once (it becomes a mount).</summary>
    private static void CheckSkills(GroupDeclaration group, List<Finding> findings)
    {
        var seen = new Dictionary<string, Located<string>>(StringComparer.Ordinal);
        foreach (var skill in group.SkillEntries)
        {
            if (!SkillMounts.IsSafeName(skill.Value))
            {
                findings.Add(Rules.UnsafeSkillName.At(skill.Span, skill.Value));
            }
            else if (seen.TryGetValue(skill.Value, out var first))
            {
                findings.Add(Rules.DuplicateSkill.At(skill.Span, skill.Value, group.Id?.Value ?? "?", first.Span.StartLine + 1));
            }
            else
            {
                seen.Add(skill.Value, skill);
            }
        }
    }
}
