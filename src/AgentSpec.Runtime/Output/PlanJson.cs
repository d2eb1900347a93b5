using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>The JSON form of a plan's identity (id, name, folder, main, image, skills), shared by container.json and `agentspec plan --json`.</summary>
internal static class PlanJson
{
    public static void WriteIdentity(Utf8JsonWriter writer, GroupPlan plan)
    {
        writer.WriteString("id", plan.Id);
        writer.WriteString("name", plan.Name);
        writer.WriteString("folder", plan.Folder);
        writer.WriteBoolean("main", plan.IsMain);
        writer.WriteString("image", plan.Image);
        WriteSkills(writer, plan);
    }

    /// <summary>"skills": "all" or the list (what the container sees below /app/skills).</summary>
    public static void WriteSkills(Utf8JsonWriter writer, GroupPlan plan)
    {
        if (plan.Skills is { } skills)
        {
            writer.WriteStartArray("skills");
            foreach (var skill in skills)
            {
                writer.WriteStringValue(skill);
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteString("skills", "all");
        }
    }
}
