using System.Diagnostics;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// `agentspec completion bash|zsh|fish`: each script, loaded into its real shell, completes commands and the compiled
/// group ids by asking the agentspec on PATH (a wrapper around the binary under test). zsh and fish come from
/// .ci/shells-setup.sh.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CompletionTests
{
    private static readonly string[] GroupIds = AgentSpec.Generated.CompiledGroups.All.Select(p => p.Id).ToArray();

    private static readonly string[] StartingWithR = GroupIds.Where(id => id.StartsWith('r')).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task The_suggest_directive_offers_every_compiled_group_for_a_group_argument()
    {
        foreach (var command in new[] { "run", "plan", "doctor", "stop", "up", "init", "sessions" })
        {
            var line = $"agentspec {command} ";
            var result = (await Cli.RunAsync([$"[suggest:{line.Length}]", line])).Exits(Expected.Ok);
            Assert.All(GroupIds, id => Assert.Contains(id, result.StdoutLines));
        }

        var partial = (await Cli.RunAsync(["[suggest:15]", "agentspec run r"])).Exits(Expected.Ok);
        Assert.Contains("research", partial.StdoutLines);
        Assert.DoesNotContain("main", partial.StdoutLines);
    }

    [Fact]
    public async Task Bash_completes_commands_and_group_ids()
    {
        using var bin = WrapperOnPath();
        var script = await ScriptAsync("bash", bin);
        var function = "_agentspec_complete";
        string Complete(params string[] words) =>
            $"source {script}; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}; "
            + $"COMP_LINE='{string.Join(' ', words)}'; COMP_POINT=${{#COMP_LINE}}; {function}; printf '%s\\n' \"${{COMPREPLY[@]}}\"";

        Assert.NotEmpty(StartingWithR);
        Assert.Equal(StartingWithR, (await ShellAsync(bin, "bash", "-c", Complete("agentspec", "run", "r"))).Order(StringComparer.Ordinal));
        Assert.Equal(["stop"], await ShellAsync(bin, "bash", "-c", Complete("agentspec", "st")));
    }

    [Fact]
    public async Task Fish_completes_commands_and_group_ids()
    {
        using var bin = WrapperOnPath();
        var script = await ScriptAsync("fish", bin);
        Assert.Equal(StartingWithR, (await ShellAsync(bin, "fish", "-c", $"source {script}; complete -C 'agentspec run r'")).Order(StringComparer.Ordinal));
        Assert.Contains("plan", await ShellAsync(bin, "fish", "-c", $"source {script}; complete -C 'agentspec pl'"));
    }

    [Fact]
    public async Task Zsh_script_parses_and_hands_compadd_the_group_ids()
    {
        using var bin = WrapperOnPath();
        var script = await ScriptAsync("zsh", bin);
        Assert.Empty(await ShellAsync(bin, "zsh", "-n", script));
        // Outside a completion widget: compdef and compadd stand in for compsys, BUFFER/CURSOR/words for the line.
        var items = await ShellAsync(
            bin,
            "zsh",
            "-c",
            $"compdef() {{ :; }}; compadd() {{ [[ $1 == -- ]] && shift; print -l -- \"$@\"; }}; source {script}; "
            + "BUFFER='agentspec run '; CURSOR=${#BUFFER}; words=(agentspec run ''); _agentspec_complete");
        Assert.All(GroupIds, id => Assert.Contains(id, items));
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error_that_names_the_shells()
    {
        var result = (await Cli.RunAsync(["completion", "tcsh"])).Exits(Expected.Usage);
        Assert.Contains("'tcsh'", result.Stderr, StringComparison.Ordinal);
        Assert.All(new[] { "bash", "zsh", "fish" }, shell => Assert.Contains(shell, result.Stderr, StringComparison.Ordinal));
    }

    /// <summary>A folder with an `agentspec` on it that runs the binary (or dll) under test.</summary>
    private static TempDir WrapperOnPath()
    {
        var dir = new TempDir();
        var command = string.Join(' ', Cli.Command.Select(c => $"'{c}'"));
        var wrapper = dir.Write("agentspec", $"#!/bin/sh\nexec {command} \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    private static async Task<string> ScriptAsync(string shell, TempDir bin)
    {
        var result = (await Cli.RunAsync(["completion", shell])).Exits(Expected.Ok);
        Assert.Contains("[suggest:", result.Stdout, StringComparison.Ordinal);
        return bin.Write("completion." + shell, result.Stdout);
    }

    private static async Task<List<string>> ShellAsync(TempDir bin, string shell, params string[] args)
    {
        var info = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PATH"] = bin.Path + ":" + Environment.GetEnvironmentVariable("PATH");
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{shell} is not installed; run `bash .ci/shells-setup.sh` (test.sh does)");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(process.ExitCode == 0, $"{shell} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
            return (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        }
    }
}
