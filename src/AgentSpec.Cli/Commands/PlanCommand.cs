using System.CommandLine;
using System.Text.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.Cli.Commands;

/// <summary>agentspec plan [GROUP] [--json] [--data-dir DIR]: the compiled plans, every mount of each.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var group = Arguments.OptionalGroup("Show only this group (default: all groups).");
        var json = new Option<bool>("--json") { Description = "Print the plans as JSON." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Resolve host-managed sources against this data root instead of showing templates." };
        var command = new Command("plan", "Print the compiled plans: each group's image, environment and every mount (name, host source, container path, mode, host-managed or operator).")
        {
            group, json, dataDir,
        };
        command.SetAction(parse =>
        {
            var plans = Plans.Select(parse.GetValue(group));
            var root = parse.GetValue(dataDir);
            if (parse.GetValue(json))
            {
                WriteJson(Console.Out, plans, root);
            }
            else
            {
                WriteText(Console.Out, plans, root);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static void WriteText(TextWriter output, IReadOnlyList<GroupPlan> plans, string? dataRoot)
    {
        foreach (var plan in plans)
        {
            output.WriteLine($"group {plan.Id}{(plan.IsMain ? " (main)" : string.Empty)}  name: {plan.Name}  folder: {plan.Folder}  image: {plan.Image}");
            output.WriteLine($"  skills: {(plan.Skills is { } skills ? string.Join(", ", skills) : "all")}");
            output.WriteLine($"  env: {string.Join(" ", plan.Environment.Select(e => $"{e.Name}={e.Value}"))}");
            var rows = plan.Mounts.Select(m => new[]
            {
                m.Name, m.IsHostManaged ? "host-managed" : "operator", m.Mode, m.ContainerPath, Plans.Expand(m, plan, dataRoot),
            }).ToList();
            Table.Write(output, ["NAME", "ORIGIN", "MODE", "CONTAINER PATH", "HOST SOURCE"], rows, indent: "  ");
            output.WriteLine();
        }
    }

    public static void WriteJson(TextWriter output, IReadOnlyList<GroupPlan> plans, string? dataRoot)
    {
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
