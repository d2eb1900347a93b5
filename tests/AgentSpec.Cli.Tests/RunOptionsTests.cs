using NJsonSchema;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// The per-run options of run and up (issue 20): --env, --env-file, --entrypoint, --timeout, --run-id, -i, --json, and
/// stop --stop-timeout. Refusals come before anything is created; a value of a variable is never printed.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class RunOptionsTests(EngineFixture engine) : IAsyncLifetime
{
    private const string Secret = "s3cr3t-value-never-printed";

    private readonly Sandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Theory]
    [InlineData("HOME", "AGS0406")]
    [InlineData("SKILL_DATA_DIR", "AGS0406")]
    [InlineData("AGENTSPEC_MAIN", "AGS0406")]
    [InlineData("HTTPS_PROXY", "AGS0406")]
    [InlineData("LD_PRELOAD", "AGS0415")]
    [InlineData("NODE_OPTIONS", "AGS0415")]
    [InlineData("ld_preload", "AGS0415")]
    [InlineData("BAD NAME", "AGS0407")]
    public async Task A_protected_name_in_env_is_refused_before_anything_is_created(string name, string rule)
    {
        using var temp = new TempDir();
        var data = Path.Join(temp.Path, "data");
        var result = (await Cli.RunAsync(["run", "research", "--data-dir", data, "--env", $"{name}={Secret}", "--", "true"], _sandbox.Env)).Exits(1);

        Assert.Contains($"({rule})", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was created", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data), "a refused run created its data root");
    }

    [Fact]
    public async Task With_json_a_refusal_is_one_event_with_every_problem_and_exits_125()
    {
        using var temp = new TempDir();
        var data = Path.Join(temp.Path, "data");
        var result = (await Cli.RunAsync(
            ["run", "research", "--json", "--data-dir", data, "--env", "HOME=" + Secret, "-e", "PATH=" + Secret, "--", "true"], _sandbox.Env)).Exits(125);

        var line = Assert.Single(result.StdoutLines);
        await AssertEventsValid(line);
        using var refused = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("refused", refused.RootElement.GetProperty("event").GetString());
        Assert.Equal(2, refused.RootElement.GetProperty("problems").GetArrayLength());
        Assert.DoesNotContain(Secret, result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task An_env_file_is_read_as_docker_reads_it_and_a_bad_line_is_named_by_its_number()
    {
        using var temp = new TempDir();
        var bad = temp.Write("bad.env", $"# a comment\n\nGOOD=1\n=nameless\nLD_AUDIT={Secret}\n  # indented comment\nOK={Secret}\n");
        var result = (await Cli.RunAsync(["run", "research", "--data-dir", Path.Join(temp.Path, "data"), "--env-file", bad, "--", "true"], _sandbox.Env)).Exits(1);

        Assert.Contains($"--env-file {bad}:4: no variable name before '='", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"--env-file {bad}:5: environment variable 'LD_AUDIT'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2 problems", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--timeout", "90", "--timeout '90' is not a duration; write a whole number and a unit: ms, s, m or h, e.g. 500ms, 90s, 30m or 1h")]
    [InlineData("--timeout", "0s", "--timeout '0s' is not a duration")]
    [InlineData("--run-id", "-x", "--run-id: '-x' is not a valid run id: a run id is 1 to 64 letters, digits")]
    [InlineData("--run-id", "a/b", "--run-id: 'a/b' is not a valid run id")]
    public async Task A_bad_timeout_or_run_id_exits_2_saying_the_grammar(string option, string value, string message)
    {
        using var temp = new TempDir();
        var result = (await Cli.RunAsync(["run", "research", "--data-dir", Path.Join(temp.Path, "data"), option, value, "--", "true"], _sandbox.Env)).Exits(2);
        Assert.Contains("agentspec: " + message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_timeout_that_is_not_a_number_says_what_to_write()
    {
        var result = (await Cli.RunAsync(["stop", "research", "--stop-timeout", "abc"])).Exits(2);
        Assert.Equal("agentspec: --stop-timeout 'abc' is not a whole number; write a whole number, e.g. --stop-timeout 10", result.StderrLines[0]);
        Assert.DoesNotContain("System.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Env_env_file_entrypoint_and_stdin_reach_the_container()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        using var temp = new TempDir();
        var file = temp.Write("run.env", "FROM_FILE=file value\nBOTH=from file\n");
        var env = (await _sandbox.RunAsync("run", "research", "--env-file", file, "--env", "BOTH=from flag", "--", "sh", "-c", "echo \"$FROM_FILE|$BOTH\""))
            .Exits(0);
        Assert.Equal(["file value|from flag"], env.StdoutLines);

        var entrypoint = (await _sandbox.RunAsync("run", "research", "--entrypoint", "/bin/echo", "--", "a", "b")).Exits(0);
        Assert.Equal(["a b"], entrypoint.StdoutLines);

        var stdin = (await Cli.RunWithInputAsync(["run", "research", "--data-dir", _sandbox.DataRoot, "-i", "--", "sh", "-c", "wc -l; echo eof"], "one\ntwo\n", env: _sandbox.Env));
        Assert.True(stdin.ExitCode == 0, stdin.ToString());
        Assert.Equal(["2", "eof"], stdin.StdoutLines.Select(l => l.Trim()));
    }

    [Fact]
    public async Task A_command_not_found_exits_127_and_one_not_executable_126_with_one_line()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var missing = (await _sandbox.RunAsync("run", "research", "--", "no-such-program")).Exits(127);
        Assert.Equal(
            ["agentspec: group 'research': the container's command 'no-such-program' was not found in image agentspec/agent:latest " +
                "(executable file not found in $PATH); give a program that exists in the image, by its path or on its PATH"],
            missing.StderrLines);
        var notExecutable = (await _sandbox.RunAsync("run", "research", "--", "/etc/passwd")).Exits(126);
        Assert.Single(notExecutable.StderrLines);
        Assert.Contains("is not executable", notExecutable.Stderr, StringComparison.Ordinal);
        Assert.Empty(await _sandbox.PsAsync());
    }

    [Fact]
    public async Task Run_json_events_validate_against_the_published_schema()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var exited = (await _sandbox.RunAsync("run", "research", "--json", "--run-id", "schema-" + Guid.NewGuid().ToString("N")[..8], "--",
            "sh", "-c", "printf 'a\\001\\377b'; echo err >&2; exit 3")).Exits(3);
        await AssertEventsValid(exited.StdoutLines.ToArray());
        var output = exited.StdoutLines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "output" && e.GetProperty("stream").GetString() == "stdout")
            .SelectMany(e => Convert.FromBase64String(e.GetProperty("data").GetString()!)).ToArray();
        Assert.Equal(new byte[] { (byte)'a', 1, 0xff, (byte)'b' }, output); // binary-safe: the bytes as the container wrote them

        var timedOut = (await _sandbox.RunAsync("run", "research", "--json", "--timeout", "1s", "--stop-timeout", "0", "--", "sleep", "30")).Exits(124);
        await AssertEventsValid(timedOut.StdoutLines.ToArray());
        Assert.Contains("\"reason\":\"timeout\"", timedOut.StdoutLines[^1], StringComparison.Ordinal);
        Assert.Contains("agentspec: group research: timed out after 1s: ", timedOut.Stderr, StringComparison.Ordinal);

        var upJson = (await _sandbox.RunAsync("up", "research", "--json", "--", "echo", "hi")).Exits(0);
        await AssertEventsValid(upJson.StdoutLines.ToArray());

        var loaded = await JsonSchema.FromFileAsync(Path.Join(Repo.Root, "schemas", "run-events.schema.json"));
        Assert.NotEmpty(loaded.Validate(exited.StdoutLines[^1].Replace("\"exitCode\":3,", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_run_id_whose_container_exists_is_refused_naming_it_and_nothing_is_left()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var runId = "taken-" + Guid.NewGuid().ToString("N")[..8];
        var name = $"agentspec-research-default-{runId}";
        Docker("create", "--name", name, "--network", "none", EngineFixture.Image, "true");
        try
        {
            var result = (await _sandbox.RunAsync("run", "research", "--json", "--run-id", runId, "--", "true")).Exits(125);
            Assert.Contains($"a container named {name} already exists on the engine (its run id is in use); give another --run-id", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("\"event\":\"refused\"", result.StdoutLines[^1], StringComparison.Ordinal);
            Assert.DoesNotContain("\"event\":\"created\"", result.Stdout, StringComparison.Ordinal);
            // The session is free again at once: the refusal released its lock.
            (await _sandbox.RunAsync("run", "research", "--run-id", runId + "-2", "--", "true")).Exits(0);
        }
        finally
        {
            Docker("rm", "-f", name);
        }
    }

    [Fact]
    public async Task Interactive_run_ends_with_its_container_while_the_host_keeps_stdin_open()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var info = new System.Diagnostics.ProcessStartInfo(Cli.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in Cli.Command.Skip(1).Concat(["run", "research", "--data-dir", _sandbox.DataRoot, "-i", "--", "echo", "done"]))
        {
            info.ArgumentList.Add(word);
        }

        info.Environment.Remove("AGENTSPEC_DATA_DIR");
        info.Environment["HOME"] = _sandbox.Home;
        using var process = System.Diagnostics.Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cts.Token); // stdin is never closed
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("run -i did not end when its container did, while its stdin stayed open");
        }

        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Equal("done", (await stdout).Trim());
    }

    private static void Docker(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(info)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
    }

    private static async Task AssertEventsValid(params string[] lines)
    {
        var schema = await JsonSchema.FromFileAsync(Path.Join(Repo.Root, "schemas", "run-events.schema.json"));
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var errors = schema.Validate(line);
            Assert.True(errors.Count == 0, $"{line}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}");
        }
    }
}
