using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>`plan FILE` and `audit FILE`: any groups.yaml, compiled on the spot, without rebuilding agentspec.</summary>
public sealed class PlanFileTests : IDisposable
{
    private const string Other = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        policy:
          nonMainReadOnly: false
        groups:
          - id: main
            folder: main
            main: true
          - id: reviewer
            folder: reviewer
            mounts:
              - hostPath: ~/projects
                containerPath: webapp
                readonly: false

        """;

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Plan_and_audit_show_the_groups_of_a_file_not_the_compiled_ones()
    {
        var file = _temp.Write("groups.yaml", Other);
        var plan = (await Cli.RunAsync("plan", file, "--json")).Exits(Expected.Ok);
        using (var doc = JsonDocument.Parse(plan.Stdout))
        {
            Assert.Equal(["main", "reviewer"], doc.RootElement.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("id").GetString()));
        }

        // GROUP and FILE in either order, or --file.
        foreach (var args in new[] { new[] { "audit", "reviewer", file, "--json" }, ["audit", file, "reviewer", "--json"], ["audit", "--file", file, "reviewer", "--json"] })
        {
            var audit = (await Cli.RunAsync(args)).Exits(Expected.Ok);
            using var doc = JsonDocument.Parse(audit.Stdout);
            var group = Assert.Single(doc.RootElement.GetProperty("groups").EnumerateArray());
            Assert.Equal("reviewer", group.GetProperty("id").GetString());
            Assert.Contains(group.GetProperty("writable").EnumerateArray(), m => m.GetProperty("hostSource").GetString() == "~/projects" && m.GetProperty("containerPath").GetString() == "/workspace/extra/webapp");
        }

        var relative = (await Cli.RunAsync(["plan", "./groups.yaml", "reviewer"], workingDirectory: _temp.Path)).Exits(Expected.Ok);
        Assert.StartsWith("group reviewer  name: reviewer", relative.StdoutLines[0]);
        var stdin = (await Cli.RunWithInputAsync(["audit", "-"], Other)).Exits(Expected.Ok);
        // The write surface at 100 columns: HOST SOURCE on a labelled line below its row.
        var lines = stdin.StdoutLines.ToList();
        var row = lines.FindIndex(l => l.StartsWith("  reviewer ", StringComparison.Ordinal) && l.Contains("/workspace/extra/webapp", StringComparison.Ordinal));
        Assert.True(row > 0, stdin.ToString());
        Assert.Equal("      host source: ~/projects", lines[row + 1]);
    }

    [Fact]
    public async Task A_file_with_errors_prints_them_and_exits_1_and_an_unknown_group_exits_2()
    {
        var bad = _temp.Write("bad.yaml", CheckTests.BadYaml);
        var result = (await Cli.RunAsync("plan", bad)).Exits(Expected.Failed);
        Assert.StartsWith($"{bad}(9,19): error AGS0302:", result.StderrLines[0]);
        Assert.Contains("does not compile (2 error(s) above)", result.StderrLines[^1]);
        Assert.Equal(string.Empty, result.Stdout);

        var good = _temp.Write("good.yaml", Other);
        var unknown = (await Cli.RunAsync("audit", good, "nobody")).Exits(Expected.Usage);
        Assert.Equal([$"agentspec: no group 'nobody' in {good}; its groups: main, reviewer"], unknown.StderrLines);
        (await Cli.RunAsync("plan", good, "--file", good)).Exits(Expected.Usage);
        (await Cli.RunAsync("plan", _temp["missing.yaml"])).Exits(Expected.Usage);
    }
}
