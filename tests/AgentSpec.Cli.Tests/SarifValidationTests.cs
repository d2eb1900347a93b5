using AgentSpec.TestSupport;

namespace AgentSpec.Cli.Tests;

/// <summary>`check --format sarif` passes Microsoft's SARIF Multitool with the SARIF and GitHub (code scanning) rules.</summary>
public sealed class SarifValidationTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Check_sarif_with_findings_of_every_level_passes_the_multitool_with_github_rules()
    {
        using var repo = new GitRepo();
        repo.Commit("config/groups.yaml", CheckTests.BadYaml);
        repo.Commit("other/groups.yaml", CheckTests.ManyProblemsYaml);
        var result = (await Cli.RunAsync(["check", "config/groups.yaml", "other/groups.yaml", "--format", "sarif"], workingDirectory: repo.Path)).Exits(Expected.Failed);
        Assert.Contains("\"level\": \"note\"", result.Stdout);
        Assert.Contains("\"uri\": \"other/groups.yaml\"", result.Stdout);
        var file = _temp.Write("check.sarif", result.Stdout);

        Assert.Empty(SarifMultitool.Validate(Repo.Root, file));
    }

    [Fact]
    public async Task Check_sarif_without_findings_passes_too()
    {
        var result = (await Cli.RunAsync(["check", Repo.GroupsYaml, "--format", "sarif"], workingDirectory: Repo.Root)).Exits(Expected.Ok);
        Assert.Empty(SarifMultitool.Validate(Repo.Root, _temp.Write("clean.sarif", result.Stdout)));
    }

    [Fact]
    public void The_multitool_really_reports_what_github_refuses()
    {
        // SARIF as check wrote it before issue 11: rules without fullDescription and help.
        var old = _temp.Write("old.sarif", """
            {"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"AgentSpec","informationUri":"https://github.com/agentspec/agentspec","semanticVersion":"1.0.0",
            "rules":[{"id":"AGS0302","name":"BlockedHostPath","shortDescription":{"text":"Blocked host path"},"helpUri":"https://github.com/agentspec/agentspec/blob/main/docs/diagnostics/AGS0302.md"}]}},"results":[]}]}
            """);
        Assert.Contains(SarifMultitool.Validate(Repo.Root, old), p => p.StartsWith("GH2012", StringComparison.Ordinal));
    }
}
