using YamlDotNet.RepresentationModel;

namespace AgentSpec.Cli.Tests;

/// <summary>The ready-to-copy CI files in docs/ci parse, and call the commands and options that exist.</summary>
public sealed class CiFilesTests
{
    [Theory]
    [InlineData("github-actions.yml")]
    [InlineData("gitlab-ci.yml")]
    public async Task Ci_files_are_yaml_and_every_agentspec_command_they_run_parses(string name)
    {
        var path = Path.Join(Repo.Root, "docs", "ci", name);
        var text = await File.ReadAllTextAsync(path);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);

        Assert.Contains("--format markdown --fail-on grant", text);
        Assert.Contains("diff --base", text);
        Assert.Contains("sarif ", text);
        Assert.Contains("agentspec-access-approved", text);
        Assert.Contains("<!-- agentspec-diff -->", text); // the marker the sticky comment is found by, as DiffWriter writes it

        // Each option the files pass must exist: `--help` of the command with them parses (exit 0), a made-up one does not.
        foreach (var (command, options) in new[] { ("diff", new[] { "--base", "x", "--format", "markdown", "--fail-on", "grant" }), ("sarif", ["-o", "x"]), ("check", ["--warnaserror", "--format", "sarif"]) })
        {
            (await Cli.RunAsync([command, .. options, "--help"])).Exits(Expected.Ok);
        }

        (await Cli.RunAsync(["diff", "--made-up", "--help"])).Exits(Expected.Usage);
    }

    [Fact]
    public void The_github_workflow_reruns_on_labels_and_may_comment_and_upload()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Join(Repo.Root, "docs", "ci", "github-actions.yml"))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var types = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["on"])["pull_request"])["types"]).Select(t => t.ToString());
        Assert.Contains("labeled", types);
        Assert.Contains("unlabeled", types);
        var permissions = (YamlMappingNode)root["permissions"];
        Assert.Equal("write", permissions["security-events"].ToString());
        Assert.Equal("write", permissions["pull-requests"].ToString());
    }
}
