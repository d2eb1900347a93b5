namespace AgentSpec.Cli.Tests;

/// <summary>Usage errors exit 2 with a message; --help exits 0. Nothing here touches the engine.</summary>
public sealed class UsageTests
{
    public static TheoryData<string, string[]> CommandOptions => new()
    {
        { "plan", ["--json", "--data-dir"] },
        { "audit", ["--json", "--data-dir"] },
        { "check", ["--format"] },
        { "doctor", ["--data-dir", "--allowlist", "--allow-readonly-downgrade", "--session", "--image", "--json"] },
        { "init", ["--data-dir", "--json"] },
        { "run", ["--data-dir", "--image", "--allowlist", "--allow-readonly-downgrade", "--dry-run"] },
        { "up", ["--data-dir", "--allowlist", "--allow-readonly-downgrade", "--exec"] },
        { "ps", ["--data-dir", "--json"] },
        { "stop", ["--data-dir"] },
        { "cleanup", ["--data-dir"] },
    };

    /// <summary>Commands with a group argument, with the other arguments they need to get that far.</summary>
    public static TheoryData<string[]> UnknownGroupCommands => new()
    {
        { ["plan", "nope"] },
        { ["plan", "nope", "--json"] },
        { ["audit", "nope"] },
        { ["init", "nope", "--data-dir", "{data}"] },
        { ["doctor", "research", "nope", "--data-dir", "{data}"] },
        { ["run", "nope", "--data-dir", "{data}"] },
        { ["run", "nope", "--data-dir", "{data}", "--", "true"] },
        { ["up", "research", "nope", "--data-dir", "{data}"] },
        { ["stop", "nope", "--data-dir", "{data}"] },
    };

    public static TheoryData<string[]> UnknownOptionCommands => new()
    {
        { ["--bogus"] },
        { ["plan", "--bogus"] },
        { ["plan", "main", "--bogus"] },
        { ["audit", "-x"] },
        { ["check", "--bogus", "{file}"] },
        { ["init", "research", "--data-dir", "{data}", "--bogus"] },
        { ["doctor", "research", "--bogus", "--data-dir", "{data}"] },
        { ["run", "research", "--data-dir", "{data}", "--bogus"] },
        { ["up", "--bogus", "--data-dir", "{data}"] },
        { ["ps", "--data-dir", "{data}", "--bogus"] },
        { ["stop", "--bogus", "research", "--data-dir", "{data}"] },
        { ["cleanup", "--data-dir", "{data}", "--bogus"] },
    };

    [Theory]
    [MemberData(nameof(CommandOptions))]
    public async Task Help_on_every_command_exits_0_and_names_its_options(string command, string[] options)
    {
        foreach (var help in new[] { "--help", "-h" })
        {
            // A process: help names the executable (in process it would be the test host).
            var result = (await Cli.RunProcessAsync([command, help])).Exits(Expected.Ok);
            Assert.Contains($"agentspec {command}", result.Stdout);
            foreach (var option in options)
            {
                Assert.Contains(option, result.Stdout);
            }

            Assert.Equal(string.Empty, result.Stderr);
        }
    }

    [Fact]
    public async Task Help_on_the_root_lists_every_command()
    {
        var result = (await Cli.RunProcessAsync(["--help"])).Exits(Expected.Ok);
        foreach (var command in CommandOptions.Select(row => (string)row[0]))
        {
            Assert.Contains(result.StdoutLines, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(UnknownGroupCommands))]
    public async Task Unknown_group_exits_2_listing_the_known_groups_and_touches_nothing(string[] args)
    {
        using var temp = new TempDir();
        var data = temp["data"];
        var result = (await Cli.RunAsync(args.Select(a => a.Replace("{data}", data)))).Exits(Expected.Usage);
        Assert.Equal("agentspec: no group 'nope' in the compiled groups.yaml; known groups: main, research, reviewer", result.StderrLines[0]);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.False(Directory.Exists(data), $"{string.Join(' ', args)} created the data root although the group is unknown");
    }

    [Theory]
    [MemberData(nameof(UnknownOptionCommands))]
    public async Task Unknown_option_exits_2_naming_it_and_touches_nothing(string[] args)
    {
        using var temp = new TempDir();
        var data = temp["data"];
        var file = temp.Write("groups.yaml", File.ReadAllText(Repo.GroupsYaml));
        var result = (await Cli.RunAsync(args.Select(a => a.Replace("{data}", data).Replace("{file}", file)))).Exits(Expected.Usage);
        var option = args.Single(a => a.StartsWith('-') && a != "--data-dir");
        // Either our "unknown option '--bogus'" or the parser's "Unrecognized command or argument '--bogus'".
        Assert.Contains(result.StderrLines, l => l.StartsWith("agentspec: ", StringComparison.Ordinal) && l.Contains($"'{option}'", StringComparison.Ordinal));
        Assert.Equal(args[0].StartsWith('-') ? "Run 'agentspec --help' for usage." : $"Run 'agentspec {args[0]} --help' for usage.", result.StderrLines[^1]);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.False(Directory.Exists(data), $"{string.Join(' ', args)} created the data root although it is a usage error");
    }

    [Fact]
    public async Task AGENTSPEC_DATA_DIR_stands_in_for_data_dir()
    {
        using var temp = new TempDir();
        var data = temp["data"];
        var result = (await Cli.RunAsync(["init", "research"], new Dictionary<string, string?> { ["AGENTSPEC_DATA_DIR"] = data })).Exits(Expected.Ok);
        Assert.StartsWith("group research: created ", result.StdoutLines[0]);
        Assert.True(Directory.Exists(Path.Join(data, "data/v2-sessions/research/skill-data")));
        Assert.True(File.Exists(Path.Join(data, "groups/research/container.json")));
    }

    [Theory]
    [InlineData]
    [InlineData("check", "--format")]
    [InlineData("check", "groups.yaml", "--format", "xml")]
    [InlineData("diff", "--format", "html", "a.yaml", "b.yaml")]
    [InlineData("run", "--data-dir", "/tmp")]
    [InlineData("stop")]
    [InlineData("plan", "main", "--data-dir")]
    public async Task Missing_or_wrong_arguments_exit_2(params string[] args)
    {
        var result = (await Cli.RunAsync(args, workingDirectory: Repo.Root)).Exits(Expected.Usage);
        Assert.Equal(args.Length == 0 ? "Run 'agentspec --help' for usage." : $"Run 'agentspec {args[0]} --help' for usage.", result.StderrLines[^1]);
        Assert.True(result.StderrLines.Count >= 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
    }
}
