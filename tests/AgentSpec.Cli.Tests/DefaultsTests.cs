namespace AgentSpec.Cli.Tests;

/// <summary>
/// What a user gets without flags: the XDG data root, the XDG allowlist (and its folder protected), TZ, `up -- CMD`.
/// Every process runs with HOME set to the sandbox, so nothing real is touched.
/// </summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DefaultsTests(EngineFixture engine) : IAsyncLifetime
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly Sandbox _sandbox = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // The containers of the default data roots too (the sandbox removes only its own).
        foreach (var env in new[] { NoDataRoot(), NoDataRoot(("XDG_DATA_HOME", XdgData)) })
        {
            await Cli.RunAsync(["cleanup"], env);
        }

        await _sandbox.DisposeAsync();
    }

    private string DefaultRoot => Path.Join(_sandbox.Home, ".local/share/agentspec");

    private string XdgData => Path.Join(_sandbox.Home, "xdg-data");

    [Fact]
    public async Task Run_works_with_no_data_dir_and_no_variable_on_the_default_data_root_created_private()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        Assert.False(Directory.Exists(Path.Join(_sandbox.Home, ".local")));

        // research declares skills: the operator installs them once agentspec has made the default root (init does).
        (await Cli.RunAsync(["init", "research"], NoDataRoot())).Exits(0);
        Sandbox.InstallSkills(DefaultRoot);
        File.SetUnixFileMode(DefaultRoot, Private);
        var run = (await Cli.RunAsync(["run", "research", "--", "sh", "-c", "echo x > $SKILL_DATA_DIR/f; cat /workspace/extra/papers/paper.txt"], NoDataRoot())).Exits(0);
        Assert.Equal(["a paper"], run.StdoutLines);
        Assert.Equal("x\n", File.ReadAllText(Path.Join(DefaultRoot, "data/v2-sessions/research/skill-data/f")));
        foreach (var folder in new[] { ".local", ".local/share", ".local/share/agentspec" })
        {
            Assert.Equal(Private, File.GetUnixFileMode(Path.Join(_sandbox.Home, folder)));
        }

        // ps, stop and cleanup find the same install without flags; ps did not need to create anything.
        Assert.Equal(["NAME", "GROUP", "SESSION", "STATE", "STATUS", "IMAGE"], (await Cli.RunAsync(["ps"], NoDataRoot())).Exits(0).StdoutLines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Join(_sandbox.DataRoot, "data"))); // the sandbox's root holds only its skills
    }

    [Fact]
    public async Task XDG_DATA_HOME_moves_the_default_data_root_and_ps_alone_creates_nothing()
    {
        (await Cli.RunAsync(["ps", "--json"], NoDataRoot(("XDG_DATA_HOME", XdgData)))).Exits(0);
        Assert.False(Directory.Exists(XdgData));

        var init = (await Cli.RunAsync(["init", "research"], NoDataRoot(("XDG_DATA_HOME", XdgData)))).Exits(0);
        Assert.StartsWith("group research: created ", init.StdoutLines[0]);
        Assert.True(Directory.Exists(Path.Join(XdgData, "agentspec/data/v2-sessions/research/skill-data")));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Join(XdgData, "agentspec")));
        Assert.False(Directory.Exists(DefaultRoot));
    }

    [Fact]
    public async Task A_default_data_root_in_an_untrusted_place_is_refused_before_anything_is_created()
    {
        // A world-writable folder on the way: the data-root trust checks refuse it, and no folder is made there.
        var open = Directory.CreateDirectory(Path.Join(_sandbox.Home, "open")).FullName;
        File.SetUnixFileMode(open, (UnixFileMode)0b111_111_111);
        var result = (await Cli.RunAsync(["init", "research"], NoDataRoot(("XDG_DATA_HOME", open)))).Exits(1);
        Assert.StartsWith($"agentspec: refusing to use the data root {open}/agentspec:", result.StderrLines[0]);
        Assert.Contains("chmod go-w", result.Stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(open));
    }

    [Fact]
    public async Task The_allowlist_follows_XDG_CONFIG_HOME_and_its_folder_cannot_be_mounted()
    {
        engine.Require();
        var config = Path.Join(_sandbox.Home, "xdg-config");
        Directory.CreateDirectory(Path.Join(config, "agentspec"));
        File.WriteAllText(Path.Join(config, "agentspec/mount-allowlist.json"), Sandbox.ResearchAllowlist);
        Assert.False(File.Exists(_sandbox.AllowlistPath)); // nothing at ~/.config: only the XDG allowlist can allow ~/papers

        var read = (await _sandbox.RunWithAsync(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = config }, "run", "research", "--", "ls", "/workspace/extra/papers")).Exits(0);
        Assert.Equal(["paper.txt"], read.StdoutLines);

        // The config folder moved into ~/papers, which research mounts: with ~/.config's allowlist allowing ~/papers
        // the mount would be fine, so only protecting the folder of the allowlist in use refuses it.
        var inside = Path.Join(_sandbox.Papers, "cfg");
        Directory.CreateDirectory(Path.Join(inside, "agentspec"));
        File.WriteAllText(Path.Join(inside, "agentspec/mount-allowlist.json"), Sandbox.ResearchAllowlist);
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(0);
        var refused = (await _sandbox.RunWithAsync(new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = inside }, "run", "research", "--", "true")).Exits(1);
        Assert.Contains($"mount 'papers' (/workspace/extra/papers): hostPath '~/papers' contains {inside}/agentspec, the folder of the operator mount allowlist", refused.Stderr);
    }

    [Fact]
    public async Task TZ_comes_from_the_host_variable_else_etc_timezone_and_plan_shows_it()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var berlin = new Dictionary<string, string?> { ["TZ"] = "Europe/Berlin" };
        var run = (await _sandbox.RunWithAsync(berlin, "run", "research", "--", "sh", "-c", "echo $TZ")).Exits(0);
        Assert.Equal(["Europe/Berlin"], run.StdoutLines);
        var plan = (await Cli.RunAsync(["plan", "research"], berlin.Concat(Expected.FullWidth).ToDictionary())).Exits(0);
        Assert.Contains("  timezone: TZ=Europe/Berlin (the host's, from the host's TZ variable; passed at run time because env does not set TZ)", plan.StdoutLines);

        // No TZ variable: this host's /etc/timezone (Debian writes one).
        var zone = File.ReadAllText("/etc/timezone").Trim();
        var noVariable = new Dictionary<string, string?> { ["TZ"] = null };
        Assert.Equal([zone], (await _sandbox.RunWithAsync(noVariable, "run", "research", "--", "sh", "-c", "echo $TZ")).Exits(0).StdoutLines);
        Assert.Contains($"  timezone: TZ={zone} (the host's, from /etc/timezone; passed at run time because env does not set TZ)", (await Cli.RunAsync(["plan", "research"], noVariable.Concat(Expected.FullWidth).ToDictionary())).Exits(0).StdoutLines);
    }

    [Fact]
    public async Task Up_takes_the_command_after_a_double_dash_like_run()
    {
        engine.Require();
        _sandbox.WithAllowlist(Sandbox.ResearchAllowlist);
        var up = (await _sandbox.RunAsync("up", "research", "--", "sh", "-c", "echo one two; echo $AGENTSPEC_GROUP_ID")).Exits(0);
        Assert.Equal(["research | one two", "research | research"], up.StdoutLines);

        var exec = (await _sandbox.RunAsync("up", "research", "--exec", "echo via exec")).Exits(0);
        Assert.Equal(["research | via exec"], exec.StdoutLines);

        var both = (await _sandbox.RunAsync("up", "research", "--exec", "true", "--", "true")).Exits(Expected.Usage);
        Assert.Equal(["agentspec: give the container command either with --exec or after '--', not both"], both.StderrLines);
    }

    /// <summary>HOME = the sandbox, no AGENTSPEC_DATA_DIR, no XDG variables but those given.</summary>
    private Dictionary<string, string?> NoDataRoot(params (string Name, string Value)[] set)
    {
        var env = new Dictionary<string, string?> { ["HOME"] = _sandbox.Home, ["AGENTSPEC_DATA_DIR"] = null, ["XDG_DATA_HOME"] = null, ["XDG_CONFIG_HOME"] = null };
        foreach (var (name, value) in set)
        {
            env[name] = value;
        }

        return env;
    }
}
