using System.Text.Json;

namespace AgentSpec.Cli.Tests.Faults;

/// <summary>
/// A <see cref="Sandbox"/> (HOME with the research allowlist, a data root with the skills) pointed at the fault engine,
/// with AgentSpec's engine deadline at 5 s so a frozen engine costs seconds, and a marker file in research's skill-data
/// written before any fault, which every case checks is intact afterwards. The steps around a fault (the preparing run,
/// `ps`, the next run) talk to a healthy engine and get a patient deadline: on a loaded machine the vfs engine can take
/// longer than 5 s to create a container, and that is not the fault under test.
/// </summary>
public sealed class FaultSandbox : IAsyncLifetime
{
    public const string Marker = "written before the fault\n";

    private readonly FaultEngine _engine;

    public FaultSandbox(FaultEngine engine, string? dataRoot = null)
    {
        _engine = engine;
        Inner.WithAllowlist(Sandbox.ResearchAllowlist);
        DataRoot = dataRoot ?? Inner.DataRoot;
        if (dataRoot is not null)
        {
            Sandbox.InstallSkills(dataRoot);
        }
    }

    public Sandbox Inner { get; } = new();

    public string DataRoot { get; }

    public IReadOnlyDictionary<string, string?> Env => new Dictionary<string, string?>
    {
        ["HOME"] = Inner.Home,
        ["DOCKER_HOST"] = _engine.Endpoint,
        ["AGENTSPEC_ENGINE_TIMEOUT"] = "5",
        // The cases read what a line says, not its layout (WidthTests owns that): one line per finding.
        ["COLUMNS"] = Expected.FullWidth["COLUMNS"],
    };

    /// <summary><see cref="Env"/> with a deadline a healthy but busy engine always meets.</summary>
    private IReadOnlyDictionary<string, string?> PatientEnv =>
        new Dictionary<string, string?>(Env) { ["AGENTSPEC_ENGINE_TIMEOUT"] = "60" };

    public string GroupData => Path.Join(DataRoot, "data", "v2-sessions", "research");

    public string SkillMarker => Path.Join(GroupData, "skill-data", "marker.txt");

    /// <summary>agentspec ARGS --data-dir DATA against the fault engine, as a real process.</summary>
    public Task<CliResult> RunAsync(params string[] args) => Cli.RunProcessAsync(WithDataDir(args), Env, timeout: TimeSpan.FromSeconds(120));

    private Task<CliResult> RunPatientlyAsync(params string[] args) =>
        Cli.RunProcessAsync(WithDataDir(args), PatientEnv, timeout: TimeSpan.FromSeconds(180));

    public string[] WithDataDir(string[] args)
    {
        var dash = Array.IndexOf(args, "--");
        return dash < 0 ? [.. args, "--data-dir", DataRoot] : [.. args[..dash], "--data-dir", DataRoot, .. args[dash..]];
    }

    /// <summary>One clean run so the group's folders exist, then the marker written into skill-data by the agent itself.</summary>
    public async Task PrepareAsync()
    {
        (await RunPatientlyAsync("run", "research", "--", "sh", "-c", $"printf '{Marker.TrimEnd()}\\n' > /workspace/skill-data/marker.txt")).Exits(0);
        AssertMarkerIntact();
    }

    public void AssertMarkerIntact() =>
        Assert.True(File.Exists(SkillMarker) && File.ReadAllText(SkillMarker) == Marker, $"skill-data written before the fault is gone or changed: {SkillMarker}");

    /// <summary>This install's containers on the fault engine, as `ps --json` lists them.</summary>
    public async Task<List<JsonElement>> PsAsync()
    {
        var ps = (await RunPatientlyAsync("ps", "--json")).Exits(0);
        using var doc = JsonDocument.Parse(ps.Stdout);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>Nothing blocks the next run: it works, and nothing of this install is left on the engine.</summary>
    public async Task AssertNextRunWorksAsync(string session = "default")
    {
        var next = await RunPatientlyAsync("run", "research", "--session", session, "--", "cat", "/workspace/skill-data/marker.txt");
        next.Exits(0);
        Assert.Equal(Marker, next.Stdout);
        Assert.Empty(await PsAsync());
        AssertMarkerIntact();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Inner.DisposeAsync();
}
