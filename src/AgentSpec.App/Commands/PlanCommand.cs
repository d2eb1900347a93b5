using System.CommandLine;
using AgentSpec.App.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>agentspec plan [GROUP] [--json] [--data-dir DIR]: the compiled plans, every mount of each.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var group = PlanSources.Arguments("Show only this group (default: all groups).");
        var file = PlanSources.FileOption();
        var json = CommonOptions.Json("Print the plans as JSON.");
        var dataDir = CommonOptions.DataDir("Resolve host-managed sources against this data root instead of showing templates.");
        var source = new Option<bool>("--source") { Description = "Print only the groups file this binary was compiled from, relative to its project folder, "
            + "as the build recorded it (what a review must diff)." };
        var command = new Command("plan", "Print the compiled plans: each group's image, environment, container user, limits and hardening, and every mount "
            + "(name, host source, container path, mode, host-managed or operator).")
        {
            group, file, json, dataDir, source,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(source))
            {
                context.Out.WriteLine(CompiledSource.Path ?? throw new CliException(
                    "this binary records no groups file: it was built without the AgentSpec package's build targets (or by a version before 0.10); rebuild it "
                        + "with the package",
                    ExitCodes.Failed));
                return ExitCodes.Success;
            }

            var plans = PlanSources.Select(context, parse, group, file);
            var root = parse.GetValue(dataDir) is { } given ? context.FullPath(given) : null;
            if (parse.GetValue(json))
            {
                WriteJson(context, context.Out, plans, root);
            }
            else
            {
                WriteText(context, context.Out, plans, root);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What the container sees below /app/skills, in words (the mounts table lists the binds).</summary>
    public static string DescribeSkills(GroupPlan plan) => plan.Skills switch
    {
        null => $"all (the whole skills folder at {SkillMounts.ContainerRoot})",
        { Count: 0 } => $"none ({SkillMounts.ContainerRoot} is empty)",
        { } skills => $"{string.Join(", ", skills)} (only these, each at {SkillMounts.ContainerRoot}/<name>)",
    };

    public static void WriteText(CliContext context, TextWriter output, IReadOnlyList<GroupPlan> plans, string? dataRoot)
    {
        var host = context.Timezone;
        foreach (var plan in plans)
        {
            var width = context.Width;
            var title = $"group {plan.Id}{(plan.IsMain ? " (main)" : string.Empty)}  name: {plan.Name}  folder: {plan.Folder}  image: {plan.Image}";
            TextWrap.Write(output, title, width);
            TextWrap.Write(output, $"  skills: {DescribeSkills(plan)}", width);
            TextWrap.Write(output, $"  env: {string.Join(" ", plan.Environment.Select(e => $"{e.Name}={e.Value}"))}", width);
            TextWrap.Write(output, $"  timezone: {DescribeTimezone(HostTimezone.For(plan, host))}", width);
            foreach (var line in ContainerLines(plan, context.EgressProxyPath))
            {
                TextWrap.Write(output, "  " + line, width);
            }

            var rows = plan.Mounts.Select(m => new[]
            {
                m.Name, m.IsHostManaged ? "host-managed" : "operator", m.Mode, m.ContainerPath, Plans.Expand(m, plan, dataRoot),
            }).ToList();
            Table.Write(output, ["NAME", "ORIGIN", "MODE", "CONTAINER PATH", "HOST SOURCE"], rows, width, indent: "  ");
            output.WriteLine();
        }
    }

    public static void WriteJson(CliContext context, TextWriter output, IReadOnlyList<GroupPlan> plans, string? dataRoot)
    {
        var host = context.Timezone;
        var groups = plans.Select(plan =>
        {
            var timezone = HostTimezone.For(plan, host);
            var env = JsonMap.Of(plan.Environment.Select(e => (e.Name, e.Value)));
            return new PlanGroupJson(
                plan.Id, plan.Name, plan.Folder, plan.IsMain, plan.Image, SkillsJson(plan), env, new TimezoneJson(timezone.Value, timezone.Source),
                ContainerJson(plan), [.. plan.Mounts.Select(m => MountJson(m, plan, dataRoot))]);
        }).ToList();
        JsonOutput.Write(output, new PlanDocumentJson(groups), AppJson.Default.PlanDocumentJson);
    }

    /// <summary>"skills": "all" or the list (what the container sees below /app/skills).</summary>
    public static SkillsJson SkillsJson(GroupPlan plan) => new(plan.Skills is { } skills ? [.. skills] : null);

    /// <summary>"TZ=Europe/Berlin (from /etc/timezone)", or why TZ is not set: it is added to the env at run time.</summary>
    public static string DescribeTimezone(TimezoneSetting timezone) =>
        timezone.Value is null ? $"TZ not set: {timezone.Source}"
            : timezone.Source == HostTimezone.DeclaredSource ? $"TZ={timezone.Value} ({timezone.Source})"
            : $"TZ={timezone.Value} (the host's, from {timezone.Source}; passed at run time because env does not set TZ)";

    /// <summary>The container user (declared, or the host default and what it is here), the limits and the fixed hardening, as text lines.</summary>
    public static IEnumerable<string> ContainerLines(GroupPlan plan, string egressProxyPath)
    {
        var user = plan.User is { } declared ? $"{declared} (groups.yaml)" : $"host default: {ContainerSecurity.DescribeHostDefault()}";
        yield return $"user: {user}";
        yield return $"limits: pids {plan.Limits.Pids}, memory {plan.Limits.Memory} (swap included)";
        yield return "network: " + NetworkDescription(plan.Network, egressProxyPath);
        foreach (var line in EgressView.TextLines(plan).Concat(AgentView.TextLines(plan)))
        {
            yield return line;
        }

        yield return $"hardening: capabilities dropped: {string.Join(",", ContainerSecurity.CapDrop)}; {ContainerSecurity.NoNewPrivileges}; seccomp: "
            + $"{SeccompProfile.Description}";
        yield return "disk: " + DiskBounds.Describe(plan.Limits);
    }

    /// <summary>What a network mode lets the container reach, in words.</summary>
    public static string NetworkDescription(NetworkMode network, string egressProxyPath) => network switch
    {
        NetworkMode.Proxy => $"proxy (only the operator's egress proxy, named in {egressProxyPath})",
        NetworkMode.Gateway => "gateway (only AgentSpec's egress gateway, which lets through only the egress below)",
        _ => "none (loopback only)",
    };

    /// <summary>"user", "limits", "network", egress, agent, gateway, "hardening" and "disk" of a group, shared by plan and audit.</summary>
    public static ContainerJson ContainerJson(GroupPlan plan)
    {
        var effective = plan.User ?? ContainerSecurity.HostDefaultUser;
        var user = new UserJson(
            plan.User?.ToString(), plan.User is null ? "host default" : "groups.yaml", effective.ToString(), effective.Uid, effective.Gid,
            ContainerSecurity.DescribeHostDefault());
        var limits = plan.Limits;
        return new ContainerJson(
            user,
            new LimitsJson(
                limits.Pids, limits.Memory, limits.MemoryBytes, limits.MemoryBytes, limits.Tmp, limits.TmpBytes, limits.Home, limits.HomeBytes, limits.Logs,
                limits.LogBytes),
            plan.Network.Name(),
            EgressView.Source(plan),
            EgressView.Json(plan),
            AgentView.Json(plan),
            EgressView.GatewayJson(plan),
            new HardeningJson([.. ContainerSecurity.CapDrop], NoNewPrivileges: true, SeccompProfile.Description),
            DiskJson(plan));
    }

    /// <summary>"disk": the read-only root file system, the scratch tmpfs and the log bound, as the launcher applies them.</summary>
    public static DiskJson DiskJson(GroupPlan plan) => new(
        ReadOnlyRootFilesystem: true,
        [
            new TmpfsJson(DiskBounds.TmpPath, plan.Limits.TmpBytes, DiskBounds.ScratchOptions),
            new TmpfsJson(DiskBounds.HomePath, plan.Limits.HomeBytes, DiskBounds.ScratchOptions),
        ],
        new LogBoundJson(DiskBounds.LogDriver, ResourceLimits.LogFiles, plan.Limits.LogFileBytes, plan.Limits.LogBytes));

    public static MountJson MountJson(Mount mount, GroupPlan plan, string? dataRoot) => new(
        mount.Name,
        Plans.Expand(mount, plan, dataRoot),
        mount.ContainerPath,
        mount.Mode,
        mount.ReadOnly,
        mount.IsHostManaged ? "host-managed" : "operator",
        mount.IsTmpfs ? "tmpfs" : "bind");
}
