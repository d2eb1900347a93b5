using System.Diagnostics;
using AgentSpec.App;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Findings are coloured on a terminal only (a real pseudo-terminal from script(1)), never with NO_COLOR or TERM=dumb,
/// and never in a pipe or file, where the MSBuild format must stay byte for byte.
/// </summary>
public sealed class ColourTests
{
    private const string Red = "\u001b[1;31m";

    private const string Bad = "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n  - id: main\n    folder: main\n    main: true\n"
        + "    mounts:\n      - hostPath: ~/.ssh\n        containerPath: ssh\n        readonly: true\n";

    [Theory]
    [InlineData(true, true, null, null, true, true)]
    [InlineData(false, true, null, null, false, true)]
    [InlineData(true, true, "1", null, false, false)]
    [InlineData(true, true, "", null, true, true)]
    [InlineData(true, true, null, "dumb", false, false)]
    public void Colour_only_on_a_terminal_without_NO_COLOR_or_a_dumb_terminal(bool outTty, bool errTty, string? noColor, string? term, bool outColour, bool errColour)
    {
        var env = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["TERM"] = term };
        Assert.Equal(new Colours(outColour, errColour), Colours.Decide(outTty, errTty, n => env.GetValueOrDefault(n)));
    }

    [Fact]
    public void Only_the_severity_word_is_coloured()
    {
        var colours = new Colours(true, false);
        Assert.Equal($"g.yaml(9,19): {Red}error\u001b[0m AGS0302: m", colours.Finding("g.yaml(9,19): error AGS0302: m", toError: false));
        Assert.Equal("g.yaml(9,19): error AGS0302: m", colours.Finding("g.yaml(9,19): error AGS0302: m", toError: true));
        Assert.Equal("g.yaml(9,19): error AGS0302: m", Colours.None.Finding("g.yaml(9,19): error AGS0302: m", toError: false));
    }

    [Fact]
    public async Task Check_on_a_real_terminal_is_coloured_and_plain_with_NO_COLOR_or_redirected()
    {
        using var temp = new TempDir();
        var file = temp.Write("groups.yaml", Bad);
        var command = string.Join(' ', Cli.Command.Concat(["check", file]).Select(a => $"'{a}'"));

        var terminal = await ScriptAsync(command, noColor: false);
        Assert.Contains($"{Red}error\u001b[0m AGS0302", terminal, StringComparison.Ordinal);

        var noColor = await ScriptAsync(command, noColor: true);
        Assert.Contains(": error AGS0302", noColor, StringComparison.Ordinal);
        // .NET itself writes terminal modes (keypad mode) to a terminal; what must be absent is colour (SGR ... m).
        Assert.DoesNotMatch(@"\u001b\[[0-9;]*m", noColor);

        var redirected = (await Cli.RunProcessAsync(["check", file])).Exits(Expected.Failed);
        Assert.Contains(": error AGS0302", redirected.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", redirected.Stdout + redirected.RawStderr, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="command"/> on a pseudo-terminal (script -q -e -c CMD /dev/null) and returns what it printed.</summary>
    private static async Task<string> ScriptAsync(string command, bool noColor)
    {
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-q", "-e", "-c", command, "/dev/null" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("NO_COLOR");
        info.Environment["TERM"] = "xterm";
        if (noColor)
        {
            info.Environment["NO_COLOR"] = "1";
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return await stdout;
    }
}
