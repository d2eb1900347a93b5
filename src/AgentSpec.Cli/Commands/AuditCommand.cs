using System.CommandLine;
using System.Text.Json;

namespace AgentSpec.Cli.Commands;

/// <summary>agentspec audit [GROUP] [--json]: each group's complete write surface, host-managed and operator.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var group = Arguments.OptionalGroup("Audit only this group (default: all groups).");
        var json = new Option<bool>("--json") { Description = "Print the write surface as JSON." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Resolve host-managed sources against this data root." };
        var command = new Command("audit", "Show every read-write mount of each group (its complete write surface), host-managed and operator, so a reviewer sees everything an agent can change.")
        {
            group, json, dataDir,
        };
        command.SetAction(parse =>
        {
            var plans = Plans.Select(parse.GetValue(group));
            var root = parse.GetValue(dataDir);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(Console.Out, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("groups");
                    foreach (var plan in plans)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", plan.Id);
                        writer.WriteBoolean("main", plan.IsMain);
                        writer.WriteStartArray("writable");
                        foreach (var mount in plan.Mounts.WriteSurface)
                        {
                            PlanCommand.WriteMount(writer, mount, plan, root);
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            var rows = plans.SelectMany(plan => plan.Mounts.WriteSurface.Select(m => new[]
            {
                plan.Id, m.Name, m.IsHostManaged ? "host-managed" : "operator", m.ContainerPath, Plans.Expand(m, plan, root),
            })).ToList();
            Console.Out.WriteLine("Write surface (every read-write mount):");
            Table.Write(Console.Out, ["GROUP", "MOUNT", "ORIGIN", "CONTAINER PATH", "HOST SOURCE"], rows, indent: "  ");
            return ExitCodes.Success;
        });
        return command;
    }
}
