using System.Diagnostics;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// What one run of the agentspec process produced. <see cref="Stderr"/> leaves out the "waiting for the Docker engine"
/// notices (<see cref="EngineNotices"/>): a loaded engine may take longer than the notice's 3 s to create a container,
/// and a test of what a run prints must not depend on the machine's load. <see cref="RawStderr"/> has everything.
/// </summary>
public sealed record CliResult(IReadOnlyList<string> Args, int ExitCode, string Stdout, string RawStderr)
{
    private const string EngineNotice = "agentspec: waiting for the Docker engine at ";

    /// <summary>Standard error without the engine-waiting notices.</summary>
    public string Stderr => RawStderr.Contains(EngineNotice, StringComparison.Ordinal)
        ? string.Join('\n', RawStderr.Split('\n').Where(l => !l.StartsWith(EngineNotice, StringComparison.Ordinal)))
        : RawStderr;

    /// <summary>The "waiting for the Docker engine" notices the run printed.</summary>
    public IReadOnlyList<string> EngineNotices => Lines(RawStderr).Where(l => l.StartsWith(EngineNotice, StringComparison.Ordinal)).ToArray();

    /// <summary>Non-empty stdout lines.</summary>
    public IReadOnlyList<string> StdoutLines => Lines(Stdout);

    /// <summary>Non-empty stderr lines, without the engine-waiting notices.</summary>
    public IReadOnlyList<string> StderrLines => Lines(Stderr);

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() =>
        $"agentspec {string.Join(' ', Args)}{Environment.NewLine}exit code: {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Stdout}--- stderr ---{Environment.NewLine}{RawStderr}";

    /// <summary>Asserts the exit code, showing the whole run when it differs.</summary>
    public CliResult Exits(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit code {expected}, got {ExitCode}{Environment.NewLine}{this}");
        return this;
    }

    private static string[] Lines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
}

/// <summary>
/// Runs the agentspec command with a timeout, its own working directory, environment and standard input. Without
/// $AGENTSPEC_CLI_BINARY, <see cref="RunAsync(IEnumerable{string}, IReadOnlyDictionary{string, string?}?, string?, TimeSpan?)"/>
/// runs it in this process (the App's internal entry point with an invocation context of captured writers, the
/// environment as a dictionary, the working directory and stdin: no static state, so tests run side by side);
/// with it (test.sh's second pass, the NativeAOT publish) every call starts that binary as a separate process.
/// <see cref="Start"/> and <see cref="RunProcessAsync"/> always start a real process (`dotnet agentspec.dll ARGS`
/// or the binary), for what only a process has: signals, its executable name, its exit. Either way the environment
/// is this process's with AGENTSPEC_DATA_DIR removed and the test's variables set or removed over it, so a test
/// never sees the caller's data root.
/// </summary>
public static class Cli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lazy<string> AssemblyPath = new(Locate);

    /// <summary>The agentspec.dll the tests run (with the dotnet host) when no <see cref="Binary"/> is named.</summary>
    public static string Dll => AssemblyPath.Value;

    /// <summary>An agentspec executable to run instead of `dotnet agentspec.dll`: $AGENTSPEC_CLI_BINARY (an absolute path), if set.</summary>
    public static string? Binary { get; } = LocateBinary();

    /// <summary>The words that start agentspec before its arguments: the binary, or the dotnet host and the dll.</summary>
    public static IReadOnlyList<string> Command => Binary is null ? [DotnetHost, Dll] : [Binary];

    /// <summary>Runs agentspec with <paramref name="args"/>; <paramref name="env"/> sets (value) or removes (null) variables.</summary>
    public static Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? workingDirectory = null, TimeSpan? timeout = null) =>
        Binary is null ? RunInProcessAsync(args.ToArray(), env, workingDirectory, timeout) : RunAsync(args.ToArray(), env, workingDirectory, timeout, started: null);

    /// <summary>Runs agentspec as a real process, also without $AGENTSPEC_CLI_BINARY (then `dotnet agentspec.dll`).</summary>
    public static Task<CliResult> RunProcessAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? workingDirectory = null, TimeSpan? timeout = null) =>
        RunAsync(args.ToArray(), env, workingDirectory, timeout, started: null);

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, env: null);

    /// <summary>Runs agentspec with <paramref name="stdin"/> written to its standard input.</summary>
    public static Task<CliResult> RunWithInputAsync(
        IEnumerable<string> args, string stdin, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? env = null) =>
        Binary is null ? RunInProcessAsync(args.ToArray(), env, workingDirectory, null, stdin) : RunAsync(args.ToArray(), env, workingDirectory, null, started: null, stdin);

    /// <summary>Starts agentspec without waiting; the caller awaits <see cref="Running.Completion"/> or kills it.</summary>
    public static Running Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, TimeSpan? timeout = null)
    {
        var processReady = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var completion = RunAsync(args.ToArray(), env, null, timeout, processReady);
        return new Running(processReady.Task.GetAwaiter().GetResult(), completion);
    }

    private static async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? env, string? workingDirectory, TimeSpan? timeout, TaskCompletionSource<Process>? started, string? stdin = null)
    {
        var info = new ProcessStartInfo(SignalReset.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.ArgumentList.Add(DefaultSignals);
        info.ArgumentList.Add(Binary ?? DotnetHost);
        if (Binary is null)
        {
            info.ArgumentList.Add(Dll);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Merge(info.Environment, env);

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        started?.SetResult(process);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"agentspec {string.Join(' ', args)} did not finish within {timeout ?? DefaultTimeout}{Environment.NewLine}--- stdout ---{Environment.NewLine}{await stdout}--- stderr ---{Environment.NewLine}{await stderr}");
        }

        return new CliResult(args, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// One invocation in this process: the App's internal entry point with the compiled groups of agentspec.dll, captured
    /// (synchronized: `up` writes from several tasks) writers, stdin, and the environment the process would get.
    /// </summary>
    private static async Task<CliResult> RunInProcessAsync(string[] args, IReadOnlyDictionary<string, string?>? env, string? workingDirectory, TimeSpan? timeout, string? stdin = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            environment[(string)variable.Key] = (string?)variable.Value;
        }

        Merge(environment, env);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var output = TextWriter.Synchronized(stdout);
        var error = TextWriter.Synchronized(stderr);
        var context = new AgentSpec.App.CliContext(
            AgentSpec.Generated.CompiledGroups.All,
            AgentSpec.Generated.CompiledGroups.SourceFile,
            output,
            error,
            new StringReader(stdin ?? string.Empty),
            name => environment.GetValueOrDefault(name),
            workingDirectory ?? Path.GetTempPath());
        var run = Task.Run(async () =>
        {
            try
            {
                return await AgentSpec.App.AgentSpecApp.RunAsync(args, context);
            }
            catch (Exception ex)
            {
                // What the process would show: the runtime's report of an unhandled exception, and SIGABRT's 134.
                error.WriteLine("Unhandled exception. " + ex);
                return 134;
            }
        });
        if (await Task.WhenAny(run, Task.Delay(timeout ?? DefaultTimeout)) != run)
        {
            Assert.Fail($"agentspec {string.Join(' ', args)} did not finish within {timeout ?? DefaultTimeout} (in process){Environment.NewLine}--- stdout ---{Environment.NewLine}{Read(stdout, output)}--- stderr ---{Environment.NewLine}{Read(stderr, error)}");
        }

        var code = await run;
        return new CliResult(args, code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>What a writer got so far, under the lock its synchronized wrapper writes under.</summary>
    private static string Read(StringWriter writer, TextWriter synchronized)
    {
        lock (synchronized)
        {
            return writer.ToString();
        }
    }

    /// <summary>The environment a run gets: AGENTSPEC_DATA_DIR removed, no .NET banners, then the test's variables set (value) or removed (null).</summary>
    private static void Merge(IDictionary<string, string?> environment, IReadOnlyDictionary<string, string?>? env)
    {
        environment.Remove("AGENTSPEC_DATA_DIR");
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in env ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                environment.Remove(name);
            }
            else
            {
                environment[name] = value;
            }
        }
    }

    /// <summary>The option of env(1) that resets the signals a test sends (and a background job inherits ignored) to their default.</summary>
    private const string DefaultSignals = "--default-signal=INT,QUIT,TERM";

    /// <summary>
    /// env(1), through which every agentspec process starts: a suite started from a non-interactive background job
    /// (CI, `cmd &amp;` in a script) inherits SIGINT and SIGQUIT ignored, and .NET keeps inherited ignored signals
    /// ignored in the processes it starts, so a Ctrl-C test would pass or fail by how the suite was started.
    /// `env --default-signal` resets them and execs agentspec in place (the same pid receives the test's kill).
    /// </summary>
    private static readonly Lazy<string> SignalReset = new(FindSignalReset);

    private static string FindSignalReset()
    {
        foreach (var env in new[] { "/usr/bin/env", "/bin/env" })
        {
            if (!File.Exists(env))
            {
                continue;
            }

            using var probe = Process.Start(new ProcessStartInfo(env, [DefaultSignals, "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            if (probe.ExitCode == 0)
            {
                return env;
            }
        }

        throw new InvalidOperationException($"The CLI tests start agentspec through `env {DefaultSignals}` (GNU coreutils 8.31 or newer) so that the signal tests do not depend on the signal dispositions the suite inherited; this machine's env does not support it. Install coreutils 8.31 or newer.");
    }

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH under `dotnet test`), else `dotnet` on PATH.</summary>
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// agentspec.dll next to the tests (the ProjectReference copies it with its runtimeconfig); else the CLI's own
    /// build output in the same configuration, found from the folder holding AgentSpec.sln.
    /// </summary>
    private static string Locate()
    {
        var here = AppContext.BaseDirectory;
        var local = Path.Join(here, "agentspec.dll");
        if (File.Exists(local) && File.Exists(Path.Join(here, "agentspec.runtimeconfig.json")))
        {
            return local;
        }

        var configuration = new DirectoryInfo(here).Parent?.Name ?? "Debug"; // bin/<Configuration>/net10.0/
        var candidate = Path.Join(Repo.Root, "src", "AgentSpec.Cli", "bin", configuration, "net10.0", "agentspec.dll");
        Assert.True(File.Exists(candidate), $"agentspec.dll is neither next to the tests ({here}) nor at {candidate}; build src/AgentSpec.Cli first");
        return candidate;
    }

    private static string? LocateBinary()
    {
        if (Environment.GetEnvironmentVariable("AGENTSPEC_CLI_BINARY") is not { Length: > 0 } binary)
        {
            return null;
        }

        // Never silently back to the dll: a test run against the fast build must run the fast build.
        if (!Path.IsPathFullyQualified(binary) || !File.Exists(binary))
        {
            throw new InvalidOperationException($"AGENTSPEC_CLI_BINARY={binary} is not an absolute path to an existing file; publish it first (./agentspec --version) or unset the variable");
        }

        return binary;
    }

    /// <summary>A started agentspec process.</summary>
    public sealed record Running(Process Process, Task<CliResult> Completion)
    {
        /// <summary>Kills the agentspec process (not what it started on the engine).</summary>
        public async Task KillAsync()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            try
            {
                await Completion;
            }
            catch (Exception)
            {
                // The killed run's result does not matter.
            }
        }
    }
}
