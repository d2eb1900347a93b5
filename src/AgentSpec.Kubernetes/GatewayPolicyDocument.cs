using System.Net;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Kubernetes;

/// <summary>
/// The gateway's policy.json for one group session, from the plan alone (the contract with `agentspec gateway`):
/// <c>{"group","session","destinations":[{"host","port","credential"?,"private"?}]}</c>. A credential is a name; its
/// value lives only in the operator's credentials.json. "private" is written only for a destination that says
/// private: true in groups.yaml.
/// </summary>
internal static class GatewayPolicyDocument
{
    public static string Json(GroupPlan plan, string session)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
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

    /// <summary>The address of an IP-literal destination; null for a name.</summary>
    public static IPAddress? Literal(EgressRule rule) => IPAddress.TryParse(rule.Host, out var address) ? address : null;
}
