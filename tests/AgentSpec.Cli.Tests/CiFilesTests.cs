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
        var root = GithubWorkflow();
        var types = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["on"])["pull_request_target"])["types"]).Select(t => t.ToString());
        Assert.Contains("labeled", types);
        Assert.Contains("unlabeled", types);
        var permissions = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)root["jobs"])["review"])["permissions"];
        Assert.Equal("write", permissions["security-events"].ToString());
        Assert.Equal("write", permissions["pull-requests"].ToString());
        // Nothing else may write: the workflow's default and the head's build job read only.
        Assert.Equal("read", ((YamlMappingNode)root["permissions"])["contents"].ToString());
        Assert.Single((YamlMappingNode)root["permissions"]);
        var build = (YamlMappingNode)((YamlMappingNode)root["jobs"])["build"];
        Assert.Equal("contents: read", string.Join(", ", ((YamlMappingNode)build["permissions"]).Select(p => p.Key + ": " + p.Value)));
    }

    /// <summary>
    /// Issue 18: the head's `dotnet build` ran the pull request's MSBuild code in the job that then built and ran the
    /// reviewer. The review job must run the base's copy of the workflow (pull_request_target), build the reviewer
    /// from the base before anything of the head is checked out, check the head out as data only, and run no
    /// `dotnet` command and no action that could execute the head's files once it is there.
    /// </summary>
    [Fact]
    public void The_github_review_job_builds_the_reviewer_from_the_base_first_and_never_builds_or_runs_head_code()
    {
        var root = GithubWorkflow();
        var review = (YamlMappingNode)((YamlMappingNode)root["jobs"])["review"];
        Assert.Equal("github.event_name == 'pull_request_target'", review["if"].ToString());
        var steps = ((YamlSequenceNode)review["steps"]).Cast<YamlMappingNode>().ToList();

        var checkouts = steps.Select((s, i) => (Step: s, Index: i)).Where(p => Uses(p.Step).StartsWith("actions/checkout@", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, checkouts.Count);
        var (baseCheckout, headCheckout) = (checkouts[0], checkouts[1]);
        Assert.Equal("${{ github.event.pull_request.base.sha }}", With(baseCheckout.Step, "ref"));
        Assert.Equal("${{ github.event.pull_request.head.sha }}", With(headCheckout.Step, "ref"));
        Assert.All(checkouts, c => Assert.Equal("false", With(c.Step, "persist-credentials")));
        // Each into its own folder, so nothing of the head lies above or beside the base's build.
        Assert.Equal("base", With(baseCheckout.Step, "path"));
        Assert.Equal("head", With(headCheckout.Step, "path"));

        // The reviewer is built before the head is there, in the base folder.
        var builds = steps.Select((s, i) => (Step: s, Index: i)).Where(p => DotnetCommands(Run(p.Step)).Any()).ToList();
        Assert.NotEmpty(builds);
        Assert.All(builds, b =>
        {
            Assert.True(b.Index < headCheckout.Index, $"step '{Name(b.Step)}' runs dotnet after the head is checked out");
            Assert.Equal("base", b.Step.Children.TryGetValue(new YamlScalarNode("working-directory"), out var dir) ? dir.ToString() : ".");
        });
        Assert.Contains(builds, b => DotnetCommands(Run(b.Step)).Contains("build"));

        // From the head checkout on: no dotnet at all (not even `dotnet run`, which would read the head's global.json),
        // only the reviewer's own executable, and only actions that do not execute the head's files.
        foreach (var step in steps.Skip(headCheckout.Index + 1))
        {
            Assert.Empty(DotnetCommands(Run(step)));
            Assert.DoesNotContain("setup-dotnet", Uses(step));
            Assert.True(Uses(step) is "" or "github/codeql-action/upload-sarif@v3" or "actions/github-script@v7", $"step '{Name(step)}' uses {Uses(step)}");
            if (Run(step).Contains("$REVIEWER", StringComparison.Ordinal))
            {
                Assert.Equal("head", ((YamlScalarNode)step["working-directory"]).Value);
            }
        }

        Assert.Contains(steps.Skip(headCheckout.Index), s => Run(s).Contains("\"$REVIEWER\" diff --base", StringComparison.Ordinal));

        // The head's own build is another job, on the pull request's event, with a read-only token.
        var build = (YamlMappingNode)((YamlMappingNode)root["jobs"])["build"];
        Assert.Equal("github.event_name != 'pull_request_target'", build["if"].ToString());
    }

    [Fact]
    public void The_gitlab_review_job_builds_the_reviewer_in_the_base_folder_and_runs_no_dotnet_in_the_head()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Join(Repo.Root, "docs", "ci", "gitlab-ci.yml"))));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var review = (YamlMappingNode)root["agentspec-review"];
        Assert.False(review.Children.ContainsKey(new YamlScalarNode("before_script")));
        var script = ((YamlSequenceNode)review["script"]).Select(s => s.ToString()).ToList();
        var lines = script.SelectMany(s => s.Split('\n')).Select(l => l.Trim()).ToList();
        // Every dotnet command runs between `cd /tmp/agentspec-base` and `cd "$CI_PROJECT_DIR"` (the head).
        var inBase = false;
        var dotnet = 0;
        foreach (var line in lines)
        {
            if (line.StartsWith("cd /tmp/agentspec-base", StringComparison.Ordinal))
            {
                inBase = true;
            }
            else if (line.StartsWith("cd ", StringComparison.Ordinal))
            {
                inBase = false;
            }

            if (DotnetCommands(line).Any())
            {
                dotnet++;
                Assert.True(inBase, $"'{line}' runs dotnet outside the base folder");
            }
        }

        Assert.True(dotnet >= 2, "the reviewer is built from the base");
        Assert.Contains(lines, l => l.Contains("\"$REVIEWER\" diff --base", StringComparison.Ordinal));
        Assert.Contains("dotnet build -c Release", ((YamlSequenceNode)((YamlMappingNode)root["agentspec-build"])["script"]).Select(s => s.ToString()));
    }

    /// <summary>The dotnet CLI commands a shell text runs ("build", "run", "msbuild", ...): any word `dotnet` followed by a command.</summary>
    private static IEnumerable<string> DotnetCommands(string shell) =>
        System.Text.RegularExpressions.Regex.Matches(shell, @"(?<![\w./-])dotnet\s+(?<command>[a-z-]+)").Select(m => m.Groups["command"].Value);

    private static YamlMappingNode GithubWorkflow()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Join(Repo.Root, "docs", "ci", "github-actions.yml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Uses(YamlMappingNode step) => step.Children.TryGetValue(new YamlScalarNode("uses"), out var uses) ? uses.ToString() : string.Empty;

    private static string Run(YamlMappingNode step) => step.Children.TryGetValue(new YamlScalarNode("run"), out var run) ? run.ToString() : string.Empty;

    private static string Name(YamlMappingNode step) => step.Children.TryGetValue(new YamlScalarNode("name"), out var name) ? name.ToString() : Uses(step);

    private static string? With(YamlMappingNode step, string key) =>
        step.Children.TryGetValue(new YamlScalarNode("with"), out var with) && ((YamlMappingNode)with).Children.TryGetValue(new YamlScalarNode(key), out var value) ? value.ToString() : null;
}
