namespace AgentSpec.Cli.Tests;

/// <summary>
/// Usage errors in the product's voice (issue 22), asserted literally: System.CommandLine's own texts ("Required
/// command was not provided", "System.Int32", "Run 'agentspec --help'" after a subcommand's mistake) never reach the user.
/// </summary>
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
            ["agentspec: unknown command 'xyzzy'; the commands are plan, audit, check, diff, sarif, doctor, render, init, run, up, ps, stop, cleanup"
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
            ["agentspec: no command given; the commands are plan, audit, check, diff, sarif, doctor, render, init, run, up, ps, stop, cleanup",
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
}
