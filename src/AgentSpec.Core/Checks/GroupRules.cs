using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using AgentSpec.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Checks
{
    /// <summary>AGS0401–AGS0413, AGS0206/AGS0207, AGS0601: identity, uniqueness, environment, container user and limits, and policy across groups. Linear in the file size.</summary>
    public static class GroupRules
    {
        private static readonly Regex IdPattern = new("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);
        private static readonly Regex FolderPattern = new("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant);
        private static readonly Regex EnvNamePattern = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        public static void Check(FileDeclaration file, List<Finding> findings)
        {
            var ids = new Dictionary<string, GroupDeclaration>(StringComparer.Ordinal);
            // Case-insensitive: two folders differing only in case are one folder on macOS and Windows hosts.
            var folders = new Dictionary<string, GroupDeclaration>(StringComparer.OrdinalIgnoreCase);
            GroupDeclaration? main = null;
            ContainerRules.Check(file, findings);

            foreach (var group in file.Groups)
            {
                CheckIdentity(group, ids, folders, findings);

                if (group.Main is { Value: true } mainFlag)
                {
                    if (main is null)
                    {
                        main = group;
                    }
                    else
                    {
                        findings.Add(Rules.MultipleMainGroups.At(mainFlag.Span, group.Id?.Value ?? "?", main.Id?.Value ?? "?", main.Main!.Span.StartLine + 1));
                    }
                }

                if (group.Image is null && file.DefaultImage is null && !file.DefaultImageDeclared && group.Node.Get("image") is null)
                {
                    findings.Add(Rules.MissingImage.At(group.Id?.Span ?? group.Node.Span, group.Id?.Value ?? "?"));
                }

                CheckEnvironment(group, findings);
                CheckMounts(group, file, findings);
            }

            if (main is null && file.Groups.Count > 0)
            {
                findings.Add(Rules.NoMainGroup.At(file.Groups[0].Id?.Span ?? file.Groups[0].Node.Span));
            }
        }

        private static void CheckIdentity(GroupDeclaration group, Dictionary<string, GroupDeclaration> ids, Dictionary<string, GroupDeclaration> folders, List<Finding> findings)
        {
            if (group.Id is { } id)
            {
                if (id.Value.Length == 0)
                {
                    // The schema already reported the empty id (AGS0105).
                    group.IdentityValid = false;
                }
                else if (!IdPattern.IsMatch(id.Value))
                {
                    findings.Add(Rules.InvalidGroupId.At(id.Span, id.Value));
                    group.IdentityValid = false;
                }
                else if (ids.TryGetValue(id.Value, out var first))
                {
                    findings.Add(Rules.DuplicateGroupId.At(id.Span, id.Value, first.Id!.Span.StartLine + 1));
                    group.IdentityValid = false;
                }
                else
                {
                    ids.Add(id.Value, group);
                }
            }
            else
            {
                group.IdentityValid = false;
            }

            if (group.Folder is { } folder)
            {
                if (folder.Value.Length == 0)
                {
                    // The schema already reported the empty folder (AGS0105).
                    group.IdentityValid = false;
                }
                else if (!FolderPattern.IsMatch(folder.Value) || folder.Value.IndexOf("..", StringComparison.Ordinal) >= 0)
                {
                    findings.Add(Rules.UnsafeFolder.At(folder.Span, folder.Value));
                    group.IdentityValid = false;
                }
                else if (string.Equals(folder.Value, "global", StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(Rules.ReservedFolder.At(folder.Span, folder.Value, "global (/workspace/global, read-only)"));
                    group.IdentityValid = false;
                }
                else if (folders.TryGetValue(folder.Value, out var first))
                {
                    findings.Add(Rules.DuplicateFolder.At(folder.Span, folder.Value, first.Id?.Value ?? "?", first.Folder!.Span.StartLine + 1));
                    group.IdentityValid = false;
                }
                else
                {
                    folders.Add(folder.Value, group);
                }
            }
            else
            {
                group.IdentityValid = false;
            }
        }

        private static void CheckEnvironment(GroupDeclaration group, List<Finding> findings)
        {
            foreach (var (name, _) in group.Env)
            {
                if (HostManagedMounts.ReservedEnvironment.TryGetValue(name.Value, out var why))
                {
                    findings.Add(Rules.ReservedEnvName.At(name.Span, name.Value, why));
                }
                else if (HostManagedMounts.IsReservedEnvironmentName(name.Value))
                {
                    findings.Add(Rules.ReservedEnvName.At(name.Span, name.Value, "the AGENTSPEC_ prefix is reserved for the host"));
                }
                else if (!EnvNamePattern.IsMatch(name.Value))
                {
                    findings.Add(Rules.InvalidEnvName.At(name.Span, name.Value));
                }
            }
        }

        private static void CheckMounts(GroupDeclaration group, FileDeclaration file, List<Finding> findings)
        {
            var paths = new Dictionary<string, MountDeclaration>(StringComparer.Ordinal);
            var groupName = group.Id?.Value ?? "?";
            foreach (var mount in group.Mounts)
            {
                if (mount.HostPath is { } host)
                {
                    mount.NormalizedHostPath = HostPathRules.Check(host, findings);
                }

                if (mount.ContainerPath is { } container)
                {
                    mount.NormalizedContainerPath = ContainerPathRules.Check(container, findings);
                }

                var relative = mount.NormalizedContainerPath;
                if (relative is not null)
                {
                    if (paths.TryGetValue(relative, out var first))
                    {
                        findings.Add(Rules.DuplicateContainerPath.At(mount.ContainerPath!.Span, relative, groupName, first.ContainerPath!.Span.StartLine + 1));
                        mount.NormalizedContainerPath = null;
                    }
                    else
                    {
                        paths.Add(relative, mount);
                    }
                }

                if (mount.Node.Get("readonly") is null && mount.HostPath is not null && mount.ContainerPath is not null)
                {
                    findings.Add(Rules.ReadonlyDefaulted.At(mount.Node.Span.StartLine == mount.ContainerPath.Span.StartLine ? mount.ContainerPath.Span : mount.HostPath.Span, relative ?? mount.ContainerPath.Value));
                }

                if (mount.ReadOnly is { Value: false } rw && !group.IsMain && file.NonMainReadOnly)
                {
                    findings.Add(Rules.NonMainReadWrite.At(rw.Span, groupName, relative ?? mount.ContainerPath?.Value ?? "?"));
                }
            }

            // Nesting: walk each path's ancestors (depth-bounded), so the check stays linear.
            foreach (var pair in paths)
            {
                var path = pair.Key;
                for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                {
                    if (paths.TryGetValue(path.Substring(0, slash), out var outer))
                    {
                        findings.Add(Rules.NestedContainerPath.At(pair.Value.ContainerPath!.Span, path, outer.NormalizedContainerPath!, outer.ContainerPath!.Span.StartLine + 1));
                        break;
                    }
                }
            }
        }
    }
}
