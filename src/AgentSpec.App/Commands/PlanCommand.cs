using System.CommandLine;
using System.Text.Json;
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
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("groups");
            foreach (var plan in plans)
            {
                writer.WriteStartObject();
                PlanJson.WriteIdentity(writer, plan);
                writer.WriteStartObject("env");
                foreach (var env in plan.Environment)
                {
                    writer.WriteString(env.Name, env.Value);
                }

                writer.WriteEndObject();
                var timezone = HostTimezone.For(plan, host);
                writer.WriteStartObject("timezone");
                writer.WriteString("TZ", timezone.Value);
                writer.WriteString("source", timezone.Source);
                writer.WriteEndObject();
                WriteContainer(writer, plan);
                writer.WriteStartArray("mounts");
                foreach (var mount in plan.Mounts)
                {
                    WriteMount(writer, mount, plan, dataRoot);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

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

    /// <summary>"user", "limits", "network" and "hardening" of a group, shared by plan and audit.</summary>
    public static void WriteContainer(Utf8JsonWriter writer, GroupPlan plan)
    {
        var effective = plan.User ?? ContainerSecurity.HostDefaultUser;
        writer.WriteStartObject("user");
        if (plan.User is { } declared)
        {
            writer.WriteString("declared", declared.ToString());
        }
        else
        {
            writer.WriteNull("declared");
        }

        writer.WriteString("source", plan.User is null ? "host default" : "groups.yaml");
        writer.WriteString("effective", effective.ToString());
        writer.WriteNumber("uid", effective.Uid);
        writer.WriteNumber("gid", effective.Gid);
        writer.WriteString("hostDefault", ContainerSecurity.DescribeHostDefault());
        writer.WriteEndObject();

        writer.WriteStartObject("limits");
        writer.WriteNumber("pids", plan.Limits.Pids);
        writer.WriteString("memory", plan.Limits.Memory);
        writer.WriteNumber("memoryBytes", plan.Limits.MemoryBytes);
        writer.WriteNumber("memorySwapBytes", plan.Limits.MemoryBytes);
        writer.WriteString("tmp", plan.Limits.Tmp);
        writer.WriteNumber("tmpBytes", plan.Limits.TmpBytes);
        writer.WriteString("home", plan.Limits.Home);
        writer.WriteNumber("homeBytes", plan.Limits.HomeBytes);
        writer.WriteString("logs", plan.Limits.Logs);
        writer.WriteNumber("logBytes", plan.Limits.LogBytes);
        writer.WriteEndObject();

        writer.WriteString("network", plan.Network.Name());
        EgressView.WriteJson(writer, plan);
        AgentView.WriteJson(writer, plan);
        EgressView.WriteGatewayJson(writer, plan);

        writer.WriteStartObject("hardening");
        writer.WriteStartArray("capDrop");
        foreach (var cap in ContainerSecurity.CapDrop)
        {
            writer.WriteStringValue(cap);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("noNewPrivileges", true);
        writer.WriteString("seccomp", SeccompProfile.Description);
        writer.WriteEndObject();

        WriteDisk(writer, plan);
    }

    /// <summary>"disk": the read-only root file system, the scratch tmpfs and the log bound, as the launcher applies them.</summary>
    public static void WriteDisk(Utf8JsonWriter writer, GroupPlan plan)
    {
        writer.WriteStartObject("disk");
        writer.WriteBoolean("readOnlyRootFilesystem", true);
        writer.WriteStartArray("tmpfs");
        foreach (var (path, bytes) in new[] { (DiskBounds.TmpPath, plan.Limits.TmpBytes), (DiskBounds.HomePath, plan.Limits.HomeBytes) })
        {
            writer.WriteStartObject();
            writer.WriteString("path", path);
            writer.WriteNumber("sizeBytes", bytes);
            writer.WriteString("options", DiskBounds.ScratchOptions);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("log");
        writer.WriteString("driver", DiskBounds.LogDriver);
        writer.WriteNumber("maxFile", ResourceLimits.LogFiles);
        writer.WriteNumber("maxSizeBytes", plan.Limits.LogFileBytes);
        writer.WriteNumber("boundBytes", plan.Limits.LogBytes);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void WriteMount(Utf8JsonWriter writer, Mount mount, GroupPlan plan, string? dataRoot)
    {
        writer.WriteStartObject();
        writer.WriteString("name", mount.Name);
        writer.WriteString("hostSource", Plans.Expand(mount, plan, dataRoot));
        writer.WriteString("containerPath", mount.ContainerPath);
        writer.WriteString("mode", mount.Mode);
        writer.WriteBoolean("readonly", mount.ReadOnly);
        writer.WriteString("origin", mount.IsHostManaged ? "host-managed" : "operator");
        writer.WriteString("kind", mount.IsTmpfs ? "tmpfs" : "bind");
        writer.WriteEndObject();
    }
}
