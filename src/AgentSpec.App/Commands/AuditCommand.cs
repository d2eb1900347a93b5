using System.CommandLine;
using AgentSpec.App.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;
using AgentSpec.Core.Model;

namespace AgentSpec.App.Commands;

/// <summary>agentspec audit [GROUP] [--json]: each group's complete write surface, host-managed and operator.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var group = PlanSources.Arguments("Audit only this group (default: all groups).");
        var file = PlanSources.FileOption();
        var json = CommonOptions.Json("Print the write surface as JSON.");
        var dataDir = CommonOptions.DataDir("Resolve host-managed sources against this data root.");
        var command = new Command("audit", "Show every read-write mount of each group (its complete write surface), host-managed and operator, and the user, "
            + "limits and hardening its container runs with, so a reviewer sees everything an agent can change.")
        {
            group, file, json, dataDir,
        };
        command.SetAction(parse =>
        {
            var plans = PlanSources.Select(context, parse, group, file);
            var root = parse.GetValue(dataDir) is { } given ? context.FullPath(given) : null;
            if (parse.GetValue(json))
            {
                var groups = plans.Select(plan => new AuditGroupJson(
                    plan.Id, plan.IsMain, PlanCommand.SkillsJson(plan), PlanCommand.ContainerJson(plan),
                    [.. plan.Mounts.WriteSurface.Select(m => PlanCommand.MountJson(m, plan, root))])).ToList();
                var folders = SharedFolders.Find(plans).Select(folder => new SharedFolderJson(
                    folder.HostPath, folder.IsWritten, [.. folder.Uses.Select(use => new SharedFolderUseJson(use.GroupId, use.MountName, use.Mode))])).ToList();
                JsonOutput.Write(context.Out, new AuditDocumentJson(groups, folders), AppJson.Default.AuditDocumentJson);
                return ExitCodes.Success;
            }

            var rows = plans.SelectMany(plan => plan.Mounts.WriteSurface.Select(m => new[]
            {
                plan.Id, m.Name, m.IsHostManaged ? "host-managed" : "operator", m.ContainerPath, Plans.Expand(m, plan, root),
            })).ToList();
            TextWrap.Write(context.Out, "Write surface (every read-write mount):", context.Width);
            Table.Write(context.Out, ["GROUP", "MOUNT", "ORIGIN", "CONTAINER PATH", "HOST SOURCE"], rows, context.Width, indent: "  ");
            var shared = SharedFolders.Find(plans);
            context.Out.WriteLine();
            if (shared.Count == 0)
            {
                TextWrap.Write(context.Out, "Shared folders: none (no host folder is mounted by more than one group).", context.Width);
            }
            else
            {
                TextWrap.Write(context.Out, "Shared folders (mounted by more than one group; what a rw group leaves there, the others see):", context.Width);
                Table.Write(
                    context.Out,
                    ["HOST PATH", "GROUP", "MOUNT", "MODE"],
                    shared.SelectMany(f => f.Uses.Select(u => new[] { f.HostPath, u.GroupId, u.MountName, u.Mode })).ToList(),
                    context.Width,
                    indent: "  ");
            }

            context.Out.WriteLine();
            EgressView.WriteAudit(context.Out, plans, context.Width);
            context.Out.WriteLine();
            AgentView.WriteAudit(context.Out, plans, context.Width);
            context.Out.WriteLine();
            TextWrap.Write(context.Out, "Skills each group's container sees (read-only; `plan` lists their mounts):", context.Width);
            Table.Write(
                context.Out,
                ["GROUP", "SKILLS"],
                plans.Select(p => new[] { p.Id, p.Skills is { } list ? (list.Count == 0 ? "none" : string.Join(", ", list)) : "all" }).ToList(),
                context.Width,
                indent: "  ");

            context.Out.WriteLine();
            TextWrap.Write(context.Out, "Who writes it, within what limits, reaching what network:", context.Width);
            Table.Write(
                context.Out,
                ["GROUP", "USER", "PIDS", "MEMORY", "NETWORK", "TMP", "HOME", "LOGS"],
                plans.Select(p => new[]
                {
                    p.Id,
                    p.User is { } u ? $"{u} (groups.yaml)" : $"{ContainerSecurity.HostDefaultUser} (host default)",
                    p.Limits.Pids.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    p.Limits.Memory, p.Network.Name(), p.Limits.Tmp, p.Limits.Home, p.Limits.Logs,
                }).ToList(),
                context.Width,
                indent: "  ");
            TextWrap.Write(context.Out, $"  host default user: {ContainerSecurity.DescribeHostDefault()}", context.Width);
            TextWrap.Write(context.Out, $"  every container: capabilities dropped: {string.Join(",", ContainerSecurity.CapDrop)}; "
                + $"{ContainerSecurity.NoNewPrivileges}; seccomp: {SeccompProfile.Description}", context.Width);
            TextWrap.Write(
                context.Out,
                $"  every container's disk: root file system read-only; {DiskBounds.TmpPath} and {DiskBounds.HomePath} are memory-backed "
                    + $"tmpfs of TMP and HOME; the engine keeps at most LOGS of output, in {ResourceLimits.LogFiles} rotated {DiskBounds.LogDriver} files",
                context.Width);
            return ExitCodes.Success;
        });
        return command;
    }
}
