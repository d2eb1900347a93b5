using System.Diagnostics;
using System.Text;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// The real agentspec process against the real engine: what a container's escape sequences do to the operator's
/// terminal (`run` on a pseudo-terminal, `run` redirected, `up`), and `run --image` with something that is no image.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class OutputAndImageTests(EngineFixture engine) : IAsyncLifetime
{
    // OSC 52 (write the clipboard), OSC 0 (window title), a CR plus line-clear, and a right-to-left override.
    private const string Attack = "printf '\\033]52;c;ZWNobyBwd25lZA==\\007\\033]0;owned\\007ok\\r\\033[2Kforged\\n\\342\\200\\256txt\\n'";
    private const string Shown = "\\e]52;c;ZWNobyBwd25lZA==\\x07\\e]0;owned\\x07ok\\r\\e[2Kforged";

    private readonly Sandbox _sandbox = new Sandbox().WithAllowlist(Sandbox.AllGroupsAllowlist);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Run_on_a_terminal_shows_the_containers_escape_sequences_instead_of_running_them()
    {
        engine.Require();
        var output = await OnTerminalAsync("run", "research", "--data-dir", _sandbox.DataRoot, "--", "sh", "-c", Attack + " >&2; " + Attack);

        // The pty turns each '\n' into CR LF; nothing else of the container's may reach the terminal raw.
        var lines = output.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Count(l => l == Shown)); // stderr and stdout, each escaped
        Assert.Equal(2, lines.Count(l => l == "\\u202Etxt"));
        Assert.DoesNotContain('\u001b', output); // (char overloads: culture-aware string search ignores ESC)
        Assert.DoesNotContain('\u0007', output);
        Assert.DoesNotContain('\u202E', output);
    }

    [Fact]
    public async Task Run_redirected_passes_the_containers_output_through_unchanged()
    {
        engine.Require();
        // A process: what counts is its redirected standard output and error (byte streams), not a writer in this process.
        var result = (await _sandbox.RunProcessAsync("run", "research", "--", "sh", "-c", Attack + "; " + Attack + " >&2")).Exits(0);
        var raw = "\u001b]52;c;ZWNobyBwd25lZA==\u0007\u001b]0;owned\u0007ok\r\u001b[2Kforged\n\u202Etxt\n";
        Assert.Equal(raw, result.Stdout);
        Assert.Equal(raw, result.Stderr);
    }

    [Fact]
    public async Task Up_escapes_always_and_every_line_carries_its_own_groups_prefix()
    {
        engine.Require();
        var script = "if [ $AGENTSPEC_GROUP_ID = main ]; then printf 'x\\rresearch | forged by main\\033[K\\n'; " + Attack + "; else sleep 0.5; echo research says hi; fi";
        var result = (await _sandbox.RunAsync("up", "main", "research", "--exec", script)).Exits(0);
        Assert.Equal(
            ["main     | " + Shown, "main     | \\u202Etxt", "main     | x\\rresearch | forged by main\\e[K", "research | research says hi"],
            result.StdoutLines.Order(StringComparer.Ordinal));
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.DoesNotContain('\r', result.Stdout);
    }

    [Theory]
    [InlineData("--image=--privileged", "it starts with '-'")]
    [InlineData("--image=../../etc", "the path component '..' is not valid")]
    [InlineData("--image=UPPER/case", "uppercase")]
    [InlineData("--image=a b", "whitespace")]
    [InlineData("--image", "it is empty", "")]
    public async Task Run_refuses_an_image_override_that_is_no_image_reference_before_any_engine_call(string option, string reason, string? value = null)
    {
        // DOCKER_HOST points nowhere: a refusal that needed the engine would say so instead.
        string[] args = value is null ? ["run", "research", option, "--", "true"] : ["run", "research", option, value, "--", "true"];
        var result = (await _sandbox.RunWithAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/agentspec-no-engine.sock" }, args)).Exits(2);
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("agentspec: --image: Image '", line);
        Assert.Contains(reason, line);
        Assert.Contains("e.g. '", line);
        Assert.DoesNotContain("engine", line);
        Assert.False(Directory.Exists(Path.Join(_sandbox.DataRoot, "data")), "nothing was initialised");
    }

    [Fact]
    public async Task Run_accepts_a_valid_image_override()
    {
        engine.Require();
        var result = (await _sandbox.RunAsync("run", "research", "--image", "agentspec/agent:latest", "--", "echo", "fine")).Exits(0);
        Assert.Equal(["fine"], result.StdoutLines);
    }

    /// <summary>Runs agentspec with its stdout and stderr on a pseudo-terminal (util-linux `script`) and returns what the terminal received.</summary>
    private async Task<string> OnTerminalAsync(params string[] args)
    {
        var command = string.Join(' ', Cli.Command.Concat(args).Select(Quote));
        var info = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in new[] { "--quiet", "--return", "--command", command, "/dev/null" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("AGENTSPEC_DATA_DIR");
        info.Environment["HOME"] = _sandbox.Home;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["TERM"] = "dumb";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, $"script exited {process.ExitCode}: {await stdout}{await stderr}");
        return await stdout;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\"'\"'") + "'";
}
