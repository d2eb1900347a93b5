using System.IO;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The policy.json a local run's gateway reads, from the plan alone (the contract with `agentspec gateway`, the same
/// document render kubernetes puts in the gateway's ConfigMap): {"group","session","destinations":[{"host","port","credential"?,"private"?}]}.
/// </summary>
internal static class GatewayPolicyText
{
    public static string For(GroupPlan plan, string session)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("group", plan.Id);
            writer.WriteString("session", session);
            writer.WriteStartArray("destinations");
            foreach (var rule in plan.Egress)
            {
                writer.WriteStartObject();
                writer.WriteString("host", rule.Host);
                writer.WriteNumber("port", rule.Port);
                if (rule.Credential is { } credential)
                {
                    writer.WriteString("credential", credential);
                }

                if (rule.AllowPrivate)
                {
                    writer.WriteBoolean("private", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
