namespace AgentSpec.Cli.Tests;

/// <summary>
/// Usage errors in the product's voice (issue 22), asserted literally: System.CommandLine's own texts ("Required
/// command was not provided", "System.Int32", "Run 'agentspec --help'" after a subcommand's mistake) never reach the user.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UsageMessageTests
{
    private static async Task<CliResult> Usage(params string[] args)
    {
        var result = (await Cli.RunAsync(args, workingDirectory: Repo.Root)).Exits(Expected.Usage);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.DoesNotContain("System.", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unrecognized", result.Stderr, StringComparison.Ordinal);
        return result;
    }

    [Fact]
    public async Task A_misspelt_command_is_one_line_with_the_nearest_command()
    {
        var result = await Usage("rn");
        Assert.Equal(["agentspec: unknown command 'rn'; did you mean 'run'?"], result.StderrLines);
    }

    [Fact]
    public async Task An_unknown_command_with_no_near_one_lists_the_commands()
    {
        var result = await Usage("xyzzy");
        Assert.Equal(
            ["agentspec: unknown command 'xyzzy'; the commands are plan, audit, check, diff, sarif, doctor, render, init, run, up, ps, stop, cleanup, sessions, gateway, gateway-image, import, completion"
                + " (see 'agentspec --help')"],
            result.StderrLines);
    }

    [Fact]
    public async Task A_misspelt_option_gets_the_nearest_option_and_the_commands_own_help()
    {
        var result = await Usage("plan", "--jsn");
        Assert.Equal(["agentspec: unknown option '--jsn' for plan; did you mean '--json'?", "Run 'agentspec plan --help' for usage."], result.StderrLines);
    }

    [Fact]
    public async Task A_value_that_is_not_a_number_is_said_without_dotnet_type_names()
    {
        var result = await Usage("run", "--stop-timeout", "abc", "main");
        Assert.Equal(
            ["agentspec: --stop-timeout 'abc' is not a whole number; write a whole number, e.g. --stop-timeout 10", "Run 'agentspec run --help' for usage."],
            result.StderrLines);
    }

    [Fact]
    public async Task A_missing_group_is_named_with_the_known_groups()
    {
        var result = await Usage("run");
        Assert.Equal(
            ["agentspec: run needs a GROUP (the group to run); known groups: main, research, reviewer, e.g. 'agentspec run main'",
                "Run 'agentspec run --help' for usage."],
            result.StderrLines);
    }

    [Fact]
    public async Task A_choice_that_does_not_exist_lists_the_choices()
    {
        var result = await Usage("check", "groups.yaml", "--format", "xml");
        Assert.Equal(["agentspec: --format 'xml' is not one of json, sarif, text", "Run 'agentspec check --help' for usage."], result.StderrLines);
    }

    [Fact]
    public async Task No_command_lists_the_commands()
    {
        var result = await Usage();
        Assert.Equal(
            ["agentspec: no command given; the commands are plan, audit, check, diff, sarif, doctor, render, init, run, up, ps, stop, cleanup, sessions, gateway, gateway-image, import, completion",
                "Run 'agentspec --help' for usage."],
            result.StderrLines);
    }

    [Theory]
    [InlineData("plan", "mian")]
    [InlineData("run", "mian")]
    public async Task A_misspelt_group_gets_the_nearest_group(string command, string group)
    {
        var result = await Usage(command, group);
        Assert.Equal(
            "agentspec: no group 'mian' in the compiled groups.yaml (did you mean 'main'?); known groups: main, research, reviewer",
            result.StderrLines[0]);
    }

    [Fact]
    public async Task A_process_names_itself_as_it_was_started()
    {
        var result = (await Cli.RunProcessAsync(["plan", "--jsn"])).Exits(Expected.Usage);
        Assert.Equal("Run 'agentspec plan --help' for usage.", result.StderrLines[^1]);
    }

    [Fact]
    public async Task Plan_takes_several_groups_as_its_help_shows()
    {
        var result = (await Cli.RunAsync(["plan", "main", "research"])).Exits(Expected.Ok);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("group main ", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.StartsWith("group research ", StringComparison.Ordinal));
        Assert.DoesNotContain(result.StdoutLines, l => l.StartsWith("group reviewer ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Version_prints_agentspecs_version_from_the_build()
    {
        var props = File.ReadAllText(Path.Join(Repo.Root, "Directory.Build.props"));
        var prefix = System.Text.RegularExpressions.Regex.Match(props, "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        var result = (await Cli.RunProcessAsync(["--version"])).Exits(Expected.Ok);
        Assert.Matches($"^agentspec {System.Text.RegularExpressions.Regex.Escape(prefix)}(-[0-9A-Za-z.-]+)?$", result.Stdout.Trim());
    }

    [Fact]
    public void A_host_programs_version_line_names_it_and_the_agentspec_it_was_built_with()
    {
        var context = new AgentSpec.App.CliContext([], "groups.yaml", TextWriter.Null, TextWriter.Null, TextReader.Null, _ => null, Path.GetTempPath())
        {
            ProgramName = "my-agents",
            HostVersion = "1.0.0",
        };
        Assert.Equal($"my-agents 1.0.0 (AgentSpec {AgentSpec.App.VersionLine.AgentSpecVersion})", AgentSpec.App.VersionLine.Text(context));
        Assert.DoesNotContain("+", AgentSpec.App.VersionLine.AgentSpecVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ps_with_a_data_root_that_does_not_exist_says_so()
    {
        using var temp = new TempDir();
        var missing = temp["nosuch"];
        var result = await Cli.RunAsync(["ps", "--data-dir", missing]);
        Assert.Contains(
            $"agentspec: the data root --data-dir {missing} does not exist; only the containers of a data root removed since could belong to it. ",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public async Task A_data_dir_root_that_init_creates_is_private_like_the_default_one()
    {
        using var temp = new TempDir();
        var root = temp["new-root"];
        (await Cli.RunAsync(["init", "research", "--data-dir", root])).Exits(Expected.Ok);
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(root));
    }

    [Theory]
    [InlineData("ps")]
    [InlineData("stop")]
    [InlineData("cleanup")]
    public async Task Commands_that_create_nothing_do_not_say_the_data_root_is_created(string command)
    {
        var result = (await Cli.RunProcessAsync([command, "--help"])).Exits(Expected.Ok);
        Assert.DoesNotContain("created 0700", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("nothing is created", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_lists_of_adopting_md_and_the_template_name_every_command_of_help()
    {
        var help = (await Cli.RunProcessAsync(["--help"])).Exits(Expected.Ok);
        var commands = help.StdoutLines.SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Trim().Split(' ')[0]).Where(c => c.Length > 0).ToList();
        Assert.Contains("render", commands);
        var adopting = File.ReadAllText(Path.Join(Repo.Root, "docs", "adopting.md"));
        var template = File.ReadAllText(Path.Join(Repo.Root, "src", "AgentSpec.Templates", "content", "agentspec-host", "Program.cs"));
        foreach (var command in commands)
        {
            Assert.Contains($"`{command}`", adopting, StringComparison.Ordinal);
            Assert.Matches($"[(, ]{command}[,)]", template.Split('\n')[0]);
        }
    }

    [Fact]
    public void Groups_yaml_docs_name_the_x_keys_the_schema_accepts()
    {
        var doc = File.ReadAllText(Path.Join(Repo.Root, "docs", "groups-yaml.md"));
        Assert.Contains("except top-level keys that start with `x-`", doc, StringComparison.Ordinal);
        Assert.Contains("\"^x-\"", File.ReadAllText(Path.Join(Repo.Root, "schemas", "groups.schema.json")), StringComparison.Ordinal);
    }
}
