using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App;

/// <summary>
/// Everything one invocation of agentspec reads from its surroundings, handed to every command when the command
/// line is built: the compiled plans, standard output, error and input, the environment, the working directory
/// that relative paths on the command line are resolved against, and the timing sink. Nothing else in the App
/// layer reads Console, the process environment or the current directory, so tests run whole invocations in
/// process, side by side (<see cref="ProcessContext"/> builds the real process's context).
/// </summary>
internal sealed class CliContext
{
    public CliContext(IReadOnlyList<GroupPlan> groups, string sourceFile, TextWriter output, TextWriter error, TextReader input, Func<string, string?> environment, string workingDirectory)
    {
        Plans = new Plans(groups, sourceFile);
        Out = output;
        Error = error;
        In = input;
        Environment = environment;
        WorkingDirectory = Path.GetFullPath(workingDirectory);
        Timings = LaunchTimings.For(environment, error);
        Width = OutputWidth.Decide(null, environment);
    }

    /// <summary>The plans compiled into the host program, and the file they came from.</summary>
    public Plans Plans { get; }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public TextReader In { get; }

    /// <summary>Reads one environment variable (HOME, XDG_*, AGENTSPEC_DATA_DIR, AGENTSPEC_TIMINGS, DOCKER_HOST, TZ); null when unset.</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>Where relative paths given on the command line are resolved.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The AGENTSPEC_TIMINGS phase marks of this invocation (off unless the variable is "1").</summary>
    public LaunchTimings Timings { get; }

    /// <summary>
    /// The real process: `run` and `up` then handle SIGINT/SIGTERM (process-wide, <see cref="ShutdownSignals"/>).
    /// An invocation in a test process never registers signal handlers.
    /// </summary>
    public bool IsProcess { get; init; }

    /// <summary>The host program's own name, for messages ("Run 'my-agents plan --help'"): agentspec unless the process says otherwise.</summary>
    public string ProgramName { get; init; } = "agentspec";

    /// <summary>Which streams get coloured findings (terminals only, never with NO_COLOR): none unless the process says so.</summary>
    public Colours Colours { get; init; } = Colours.None;

    /// <summary>
    /// The columns text output a person reads may use (<see cref="OutputWidth"/>): $COLUMNS or 100 unless the process
    /// says its standard output is a terminal of another width. JSON and Markdown are never wrapped.
    /// </summary>
    public int Width { get; init; }

    /// <summary>The host program's own version for <c>--version</c> (its entry assembly's); null: print AgentSpec's alone.</summary>
    public string? HostVersion { get; init; }

    /// <summary>
    /// Where a `run` container's output goes. Default: the writers themselves (its bytes decoded as UTF-8); the
    /// process passes a redirected stdout's bytes through unchanged and escapes what goes to a terminal.
    /// </summary>
    public Func<GroupOutput>? RunOutput { get; init; }

    /// <summary>`run -i`: the raw bytes of standard input. Default: <see cref="In"/> read as text and given as UTF-8.</summary>
    public Func<Stream>? RunInput { get; init; }

    /// <summary>The invoking user's home: $HOME, else the user profile.</summary>
    public string Home => HostPaths.HomeFrom(Environment);

    /// <summary>The default operator allowlist: $XDG_CONFIG_HOME/agentspec/mount-allowlist.json, else ~/.config/agentspec/...</summary>
    public string DefaultAllowlist => DefaultLocations.Allowlist(Home, Environment(DefaultLocations.ConfigHomeVariable));

    /// <summary>The operator's egress proxy configuration, next to the default allowlist.</summary>
    public string EgressProxyPath => DefaultLocations.EgressProxy(Home, Environment(DefaultLocations.ConfigHomeVariable));

    /// <summary>The operator's credentials file (credentials.json), next to the default allowlist.</summary>
    public string CredentialsPath => DefaultLocations.Credentials(Home, Environment(DefaultLocations.ConfigHomeVariable));

    /// <summary>The operator's gateway configuration (gateway.json), next to the default allowlist.</summary>
    public string GatewayPath => DefaultLocations.Gateway(Home, Environment(DefaultLocations.ConfigHomeVariable));

    /// <summary>The default data root: $XDG_DATA_HOME/agentspec, else ~/.local/share/agentspec.</summary>
    public string DefaultDataRoot => DefaultLocations.DataRoot(Home, Environment(DefaultLocations.DataHomeVariable));

    /// <summary>The engine endpoint: $DOCKER_HOST, else the default socket.</summary>
    public string DockerEndpoint => Environment("DOCKER_HOST") is { Length: > 0 } host ? host : DockerLauncher.DefaultEndpoint;

    /// <summary>The host time zone, with this invocation's TZ.</summary>
    public TimezoneSetting Timezone => HostTimezone.Detect(Environment(HostTimezone.Variable));

    /// <summary>A path from the command line, absolute (relative to <see cref="WorkingDirectory"/>).</summary>
    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>A launcher for the installation of <paramref name="dataRoot"/> on this invocation's engine, with its timing sink.</summary>
    /// <remarks>
    /// Engine calls have this invocation's deadlines ($AGENTSPEC_ENGINE_TIMEOUT), and a call that keeps the engine
    /// waiting says so on standard error ("agentspec: waiting for the Docker engine at ...").
    /// </remarks>
    public DockerLauncher Launcher(string dataRoot, Action<string>? onShutdown = null) =>
        new(InstallId.For(dataRoot), DockerEndpoint, onShutdown, Timings, EngineDeadlines(), message => Error.WriteLine($"agentspec: {message}"));

    /// <summary>This invocation's engine deadlines; a malformed $AGENTSPEC_ENGINE_TIMEOUT is a usage error.</summary>
    public EngineDeadlines EngineDeadlines()
    {
        try
        {
            return Runtime.EngineDeadlines.FromEnvironment(Environment);
        }
        catch (RuntimeError e)
        {
            throw new CliException(e.Message, ExitCodes.Usage);
        }
    }

    /// <summary>The host-check options every engine command starts from: this invocation's home, allowlist, proxy file and engine.</summary>
    public HostCheckOptions Check(string dataRoot, string? allowlistPath) => new(dataRoot)
    {
        Home = Home,
        AllowlistPath = allowlistPath ?? DefaultAllowlist,
        EgressProxyPath = EgressProxyPath,
        CredentialsPath = CredentialsPath,
        GatewayPath = GatewayPath,
        DockerEndpoint = DockerEndpoint,
    };
}
