using System.Text.Json;
using AgentSpec.TestSupport;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 19: one plan, many views. `plan` and `audit` (text and JSON) show each group's egress with port, credential
/// name and where the list comes from; `check --format sarif` carries the egress findings and passes the SARIF Multitool.
/// </summary>
public sealed class EgressViewTests : IDisposable
{
    private const string Egress = """
        version: 1
        policy:
          nonMainEgress: true
        defaults:
          image: agentspec/agent:latest
          egress:
            - host: pypi.org
        groups:
          - id: main
            folder: main
            main: true
            egress:
              - host: api.anthropic.com
                credential: anthropic
              - host: "*.github.com"
              - host: git.internal.example
                port: 8443
                private: true
          - id: research
            folder: research

        """;

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Plan_text_shows_each_destination_with_port_credential_and_where_the_list_comes_from()
    {
        var file = _temp.Write("groups.yaml", Egress);
        var main = (await Cli.RunAsync("plan", file, "main")).Exits(Expected.Ok);
        Assert.Contains("  network: gateway (only AgentSpec's egress gateway, which lets through only the egress below)", main.StdoutLines);
        Assert.Contains("  egress (the group's own list; it replaces defaults.egress):", main.StdoutLines);
        Assert.Contains("    api.anthropic.com:443  credential anthropic (its value: the operator's credentials.json)", main.StdoutLines);
        Assert.Contains("    *.github.com:443  [wildcard]", main.StdoutLines);
        Assert.Contains("    git.internal.example:8443  [private]", main.StdoutLines);

        var research = (await Cli.RunAsync("plan", file, "research")).Exits(Expected.Ok);
        Assert.Contains("  egress (inherited from defaults.egress; the group declares no list of its own):", research.StdoutLines);
        Assert.Contains("    pypi.org:443", research.StdoutLines);
    }

    [Fact]
    public async Task Plan_shows_what_a_run_starts_for_egress_the_gateway_its_image_and_the_CA_mount()
    {
        var file = _temp.Write("groups.yaml", Egress);
        var main = (await Cli.RunAsync(["plan", file, "main"], Expected.FullWidth)).Exits(Expected.Ok);
        Assert.Contains(main.StdoutLines, l => l.StartsWith("  gateway: a container of its own per run, image agentspec/gateway:", StringComparison.Ordinal)
            && l.Contains("upstreamNetwork (gateway.json)", StringComparison.Ordinal));
        Assert.Contains(main.StdoutLines, l => l.StartsWith("  gateway CA: /etc/agentspec-egress read-only in the agent", StringComparison.Ordinal));

        // pypi.org has no credential: nothing is intercepted, so the agent gets no CA.
        var research = (await Cli.RunAsync("plan", file, "research")).Exits(Expected.Ok);
        Assert.Contains("  gateway CA: none (no destination has a credential, so the gateway tunnels TLS unopened)", research.StdoutLines);

        var json = (await Cli.RunAsync("plan", file, "main", "--json")).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(json.Stdout);
        var gateway = doc.RootElement.GetProperty("groups")[0].GetProperty("gateway");
        Assert.Equal("/etc/agentspec-egress", gateway.GetProperty("caMount").GetString());
        Assert.StartsWith("agentspec/gateway:", gateway.GetProperty("image").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_and_audit_json_carry_the_same_egress()
    {
        var file = _temp.Write("groups.yaml", Egress);
        foreach (var command in new[] { "plan", "audit" })
        {
            var result = (await Cli.RunAsync(command, file, "--json")).Exits(Expected.Ok);
            using var doc = JsonDocument.Parse(result.Stdout);
            var groups = doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("id").GetString()!);
            var main = groups["main"];
            Assert.Equal("gateway", main.GetProperty("network").GetString());
            Assert.Equal("group", main.GetProperty("egressSource").GetString());
            var egress = main.GetProperty("egress").EnumerateArray()
                .Select(e => (e.GetProperty("host").GetString(), e.GetProperty("port").GetInt32(), e.GetProperty("credential").GetString(),
                    string.Join(",", e.GetProperty("flags").EnumerateArray().Select(f => f.GetString()))))
                .ToList();
            Assert.Equal(
                [("api.anthropic.com", 443, "anthropic", "credential"), ("*.github.com", 443, null, "wildcard"), ("git.internal.example", 8443, null, "private")],
                egress);
            Assert.Equal("defaults.egress", groups["research"].GetProperty("egressSource").GetString());
            Assert.Equal("pypi.org", Assert.Single(groups["research"].GetProperty("egress").EnumerateArray()).GetProperty("host").GetString());
        }
    }

    [Fact]
    public async Task Audit_puts_each_destination_beside_the_write_surface_and_marks_wildcards_and_credentials()
    {
        var file = _temp.Write("groups.yaml", Egress);
        var audit = (await Cli.RunAsync("audit", file)).Exits(Expected.Ok);
        Assert.Contains(audit.StdoutLines, l => l.StartsWith("Egress (where each group's agent can send what it reads", StringComparison.Ordinal));
        Assert.Contains(audit.StdoutLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+main\s+! api\.anthropic\.com:443\s+anthropic\s+credential\s+group\s+\d+ rw mount\(s\)$"));
        Assert.Contains(audit.StdoutLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+main\s+! \*\.github\.com:443\s+-\s+wildcard\s+group\s+"));
        Assert.Contains(audit.StdoutLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+research\s+pypi\.org:443\s+-\s+-\s+defaults\.egress\s+"));
    }

    [Fact]
    public async Task Egress_findings_flow_into_sarif_with_their_lines_and_pass_the_multitool()
    {
        using var repo = new GitRepo();
        repo.Commit("groups.yaml", Egress.Replace("- host: \"*.github.com\"", "- host: \"*\"").Replace("- host: pypi.org", "- host: https://pypi.org/simple"));
        var result = (await Cli.RunAsync(["check", "groups.yaml", "--format", "sarif"], workingDirectory: repo.Path)).Exits(Expected.Failed);
        using var doc = JsonDocument.Parse(result.Stdout);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("ruleId").GetString(), r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()))
            .ToList();
        Assert.Contains(("AGS0703", 7), results);
        Assert.Contains(("AGS0701", 15), results);
        Assert.Contains("write host: pypi.org", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(SarifMultitool.Validate(Repo.Root, _temp.Write("egress.sarif", result.Stdout)));
    }
}
