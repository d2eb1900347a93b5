using NJsonSchema;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Every JSON output has a published schema (schemas/*.schema.json, issue 22), and the real output of each command
/// validates against it; `--json` is the one flag, `--format json` stays an alias where it existed (check, diff).
/// </summary>
public sealed class JsonSchemaTests
{
    private const string Varied = "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n"
        + "  - id: main\n    folder: main\n    main: true\n    user: \"1000:1000\"\n    skills: [web-search]\n  - id: other\n    folder: other\n";

    private static async Task AssertValid(string schema, CliResult result)
    {
        var loaded = await JsonSchema.FromFileAsync(Path.Join(Repo.Root, "schemas", schema + ".schema.json"));
        var errors = loaded.Validate(result.Stdout);
        Assert.True(errors.Count == 0, $"{schema}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}{Environment.NewLine}{result}");
    }

    [Fact]
    public async Task Plan_and_audit_output_validates_for_the_compiled_groups_and_a_file()
    {
        using var temp = new TempDir();
        var file = temp.Write("varied.yaml", Varied);
        await AssertValid("plan", (await Cli.RunAsync(["plan", "--json"])).Exits(Expected.Ok));
        await AssertValid("plan", (await Cli.RunAsync(["plan", file, "--json"])).Exits(Expected.Ok));
        await AssertValid("audit", (await Cli.RunAsync(["audit", "--json"])).Exits(Expected.Ok));
        await AssertValid("audit", (await Cli.RunAsync(["audit", file, "--json"])).Exits(Expected.Ok));
    }

    private const string Egress = "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n"
        + "  - id: main\n    folder: main\n    main: true\n    egress:\n      - host: api.anthropic.com\n        credential: anthropic\n"
        + "      - host: \"*.github.com\"\n    agent:\n      model: claude-sonnet-4-5\n      mcpServers:\n        github:\n"
        + "          command: npx\n          credentials:\n            GITHUB_TOKEN: github\n"
        + "  - id: other\n    folder: other\n    network: none\n";

    [Fact]
    public async Task Egress_gateway_and_agent_blocks_are_in_the_plan_and_audit_schemas()
    {
        using var temp = new TempDir();
        var file = temp.Write("egress.yaml", Egress);
        var plan = (await Cli.RunAsync(["plan", file, "--json"])).Exits(Expected.Ok);
        var audit = (await Cli.RunAsync(["audit", file, "--json"])).Exits(Expected.Ok);
        await AssertValid("plan", plan);
        await AssertValid("audit", audit);
        using (var parsed = System.Text.Json.JsonDocument.Parse(plan.Stdout))
        {
            var groups = parsed.RootElement.GetProperty("groups");
            Assert.Equal("agentspec/gateway", groups[0].GetProperty("gateway").GetProperty("image").GetString()!.Split(':')[0]);
            Assert.False(groups[1].TryGetProperty("gateway", out _));
        }

        // The schemas describe these blocks, not just tolerate them: a renamed key in each is refused.
        foreach (var (schema, result) in new[] { ("plan", plan), ("audit", audit) })
        {
            var loaded = await JsonSchema.FromFileAsync(Path.Join(Repo.Root, "schemas", schema + ".schema.json"));
            foreach (var key in new[] { "\"wildcard\":", "\"egressSource\":", "\"assistantName\":" })
            {
                var broken = result.Stdout.Replace(key, key.Insert(key.Length - 2, "x"), StringComparison.Ordinal);
                Assert.NotEqual(result.Stdout, broken);
                Assert.True(loaded.Validate(broken).Count > 0, $"{schema} accepts output without {key}");
            }
        }

        var withGateway = (await JsonSchema.FromFileAsync(Path.Join(Repo.Root, "schemas", "plan.schema.json")))
            .Validate(plan.Stdout.Replace("\"caMount\":", "\"caMountx\":", StringComparison.Ordinal));
        Assert.NotEmpty(withGateway);
    }

    [Fact]
    public async Task Check_json_and_its_format_alias_validate_and_agree()
    {
        using var temp = new TempDir();
        var bad = temp.Write("bad.yaml", "version: \"1\"\ngroups:\n  - id: main\n    folder: main\n    env:\n      PORT: 8080\n");
        var json = (await Cli.RunAsync(["check", bad, Repo.GroupsYaml, "--json"])).Exits(Expected.Failed);
        var format = (await Cli.RunAsync(["check", bad, Repo.GroupsYaml, "--format", "json"])).Exits(Expected.Failed);
        Assert.Equal(format.Stdout, json.Stdout);
        await AssertValid("check", json);
    }

    [Fact]
    public async Task Doctor_init_ps_and_sessions_output_validates()
    {
        using var temp = new TempDir();
        var env = new Dictionary<string, string?> { ["HOME"] = temp["home"] };
        Directory.CreateDirectory(temp["home"]);
        await AssertValid("doctor", await Cli.RunAsync(["doctor", "--json", "--data-dir", temp["data"]], env));
        await AssertValid("init", (await Cli.RunAsync(["init", "main", "--json", "--data-dir", temp["data"]], env)).Exits(Expected.Ok));
        await AssertValid("doctor", await Cli.RunAsync(["doctor", "--json", "--data-dir", temp["data"]], env));
        await AssertValid("ps", await Cli.RunAsync(["ps", "--json", "--data-dir", temp["data"]], env));
        var sessions = (await Cli.RunAsync(["sessions", "main", "--json", "--data-dir", temp["data"]], env)).Exits(Expected.Ok);
        Assert.Contains("\"session\": \"default\"", sessions.Stdout);
        await AssertValid("sessions", sessions);
    }

    [Fact]
    public async Task Every_command_that_prints_JSON_has_a_published_schema()
    {
        var help = (await Cli.RunAsync(["--help"])).Exits(Expected.Ok).Stdout;
        var commands = System.Text.RegularExpressions.Regex.Matches(help.Substring(help.IndexOf("Commands:", StringComparison.Ordinal)), @"(?m)^  ([a-z][a-z-]*)")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("sessions", commands);
        var missing = new List<string>();
        var withJson = 0;
        foreach (var command in commands)
        {
            if (!(await Cli.RunAsync([command, "--help"])).Stdout.Contains("  --json", StringComparison.Ordinal))
            {
                continue;
            }

            withJson++;
            var schema = command is "run" or "up" ? "run-events" : command;
            if (!File.Exists(Path.Join(Repo.Root, "schemas", schema + ".schema.json")))
            {
                missing.Add($"agentspec {command} --json has no schemas/{schema}.schema.json");
            }
        }

        Assert.True(withJson >= 10, $"only {withJson} commands with --json found in: {string.Join(' ', commands)}");
        Assert.Empty(missing);
    }

    [Fact]
    public async Task A_schema_refuses_output_that_lost_a_key()
    {
        var loaded = await JsonSchema.FromFileAsync(Path.Join(Repo.Root, "schemas", "plan.schema.json"));
        var result = (await Cli.RunAsync(["plan", "--json"])).Exits(Expected.Ok);
        Assert.NotEmpty(loaded.Validate(result.Stdout.Replace("\"image\":", "\"imagex\":", StringComparison.Ordinal)));
    }
}
