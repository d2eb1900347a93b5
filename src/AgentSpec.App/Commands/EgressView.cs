using System.Globalization;
using AgentSpec.App.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>A group's egress as `plan` and `audit` show it (text and JSON), from <see cref="GroupPlan.Egress"/> alone.</summary>
internal static class EgressView
{
    /// <summary>Where the list comes from, in words: the group's own 'egress', the defaults.egress it inherits, or none.</summary>
    public static string Source(GroupPlan plan) =>
        plan.Egress.Count == 0 ? "none" : plan.EgressFromDefaults ? "defaults.egress" : "group";

    /// <summary>"wildcard", "credential", "private": what a reviewer looks at twice.</summary>
    public static IEnumerable<string> Flags(EgressRule rule)
    {
        if (rule.IsWildcard)
        {
            yield return "wildcard";
        }

        if (rule.Credential is not null)
        {
            yield return "credential";
        }

        if (rule.AllowPrivate)
        {
            yield return "private";
        }
    }

    /// <summary>The plan's text lines: a header that says where the list comes from, then one line per destination.</summary>
    public static IEnumerable<string> TextLines(GroupPlan plan)
    {
        if (plan.Egress.Count == 0)
        {
            yield return "egress: none (nothing is reachable through the gateway)";
            yield break;
        }

        yield return plan.EgressFromDefaults
            ? "egress (inherited from defaults.egress; the group declares no list of its own):"
            : "egress (the group's own list; it replaces defaults.egress):";
        foreach (var rule in plan.Egress)
        {
            var flags = string.Join(", ", Flags(rule).Where(f => f != "credential"));
            yield return "  " + rule.Host + ":" + rule.Port.ToString(CultureInfo.InvariantCulture)
                + (rule.Credential is { } credential ? "  credential " + credential + " (its value: the operator's credentials.json)" : string.Empty)
                + (flags.Length > 0 ? "  [" + flags + "]" : string.Empty);
        }

        if (plan.Network == NetworkMode.Gateway)
        {
            yield return $"gateway: a container of its own per run, image {GatewayImage.DefaultTag} (or gateway.json's image), on the run's internal network "
                + "(the agent's only network) and the operator's upstreamNetwork (gateway.json); log: DATA/gateway/logs/GROUP/SESSION/RUN.log";
            yield return Intercepts(plan)
                ? $"gateway CA: {GatewayPaths.AgentCaFolder} read-only in the agent (ca.pem, bundle.pem; NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, "
                    + $"REQUESTS_CA_BUNDLE), "
                    + "its key only in the gateway"
                : "gateway CA: none (no destination has a credential, so the gateway tunnels TLS unopened)";
        }
    }

    /// <summary>"gateway": {image, port, caMount} for a plan behind the gateway; null (left out) otherwise.</summary>
    public static GatewayJson? GatewayJson(GroupPlan plan) => plan.Network != NetworkMode.Gateway
        ? null
        : new GatewayJson(GatewayImage.DefaultTag, GatewaySpec.Port, Intercepts(plan) ? GatewayPaths.AgentCaFolder : null);

    private static bool Intercepts(GroupPlan plan) => plan.Egress.Any(r => r.Credential is not null);

    /// <summary>"egress": [{host, port, credential, wildcard, private, flags}] ("egressSource" is <see cref="Source"/>).</summary>
    public static IReadOnlyList<EgressJson> Json(GroupPlan plan) =>
        [.. plan.Egress.Select(rule => new EgressJson(rule.Host, rule.Port, rule.Credential, rule.IsWildcard, rule.AllowPrivate, [.. Flags(rule)]))];

    /// <summary>audit's egress table: each destination beside the group's write surface (how many read-write mounts).</summary>
    public static void WriteAudit(TextWriter output, IReadOnlyList<GroupPlan> plans, int width)
    {
        TextWrap.Write(
            output, "Egress (where each group's agent can send what it reads, beside what it can write; '!' marks a wildcard or a credential):", width);
        var rows = plans.SelectMany(plan =>
        {
            var writes = plan.Mounts.WriteSurface.Count().ToString(CultureInfo.InvariantCulture) + " rw mount(s)";
            return plan.Egress.Count == 0
                ? new[] { new[] { plan.Id, "none", "-", "-", "-", writes } }
                : plan.Egress.Select(rule => new[]
                {
                    plan.Id,
                    (rule.IsWildcard || rule.Credential is not null ? "! " : string.Empty) + rule.Host + ":" + rule.Port.ToString(CultureInfo.InvariantCulture),
                    rule.Credential ?? "-",
                    Flags(rule).Any() ? string.Join(",", Flags(rule)) : "-",
                    Source(plan),
                    writes,
                }).ToArray();
        }).ToList();
        Table.Write(output, ["GROUP", "DESTINATION", "CREDENTIAL", "FLAGS", "FROM", "WRITES"], rows, width, indent: "  ");
    }
}
