using System.Diagnostics;
using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// A sandbox install on real disk: a HOME with the folders groups.yaml mounts (~/papers, ~/projects/webapp,
/// ~/notes), an optional operator allowlist in it, and a data root. Removes the containers it left behind and
/// every file on dispose.
/// </summary>
public sealed class Sandbox : IAsyncLifetime
{
    /// <summary>research: ~/papers read-only.</summary>
    public const string ResearchAllowlist = """
        {
          "allowedRoots": [ { "path": "~/papers", "allowReadWrite": false, "description": "papers, read-only" } ],
          "blockedPatterns": [],
          "nonMainReadOnly": true
        }
        """;

    /// <summary>main: ~/projects and ~/notes read-write; research: ~/papers read-only.</summary>
    public const string AllGroupsAllowlist = """
        {
          "allowedRoots": [
            { "path": "~/projects", "allowReadWrite": true, "description": "code" },
            { "path": "~/notes", "allowReadWrite": true, "description": "notes" },
            { "path": "~/papers", "allowReadWrite": false, "description": "papers" }
          ],
          "blockedPatterns": [],
          "nonMainReadOnly": true
        }
        """;

    private readonly TempDir _temp = new();

    public Sandbox()
    {
        Directory.CreateDirectory(Papers);
        File.WriteAllText(Path.Join(Papers, "paper.txt"), "a paper\n");
        foreach (var writable in new[] { "projects/webapp", "notes" })
        {
            // main's read-write folders: the operator lets the (non-root) container user write them.
            var dir = Directory.CreateDirectory(Path.Join(Home, writable)).FullName;
            if (AgentSpec.Runtime.HostFiles.IsRoot)
            {
                var user = AgentSpec.Runtime.ContainerSecurity.HostDefaultUser;
                AgentSpec.Runtime.HostFiles.Chown(dir, user.Uid, user.Gid);
            }
        }

        InstallSkills(DataRoot);
    }

    /// <summary>The skills the repository's groups.yaml lists (research, then reviewer); a declared skill must exist to run.</summary>
    public static readonly string[] DeclaredSkills = ["web-search", "summarize", "code-review"];

    /// <summary>Installs the declared skills below <paramref name="dataRoot"/>, as the operator does: container/skills/NAME/SKILL.md, 0755/0644.</summary>
    public static void InstallSkills(string dataRoot)
    {
        foreach (var skill in DeclaredSkills)
        {
            var folder = Directory.CreateDirectory(Path.Join(dataRoot, "container", "skills", skill)).FullName;
            File.WriteAllText(Path.Join(folder, "SKILL.md"), $"# {skill}\n");
        }

        foreach (var dir in new[] { dataRoot, Path.Join(dataRoot, "container"), Path.Join(dataRoot, "container", "skills") })
        {
            if (!OperatingSystem.IsLinux())
            {
                continue;
            }

            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public string Home => _temp["home"];

    public string Papers => Path.Join(Home, "papers");

    public string DataRoot => _temp["data"];

    /// <summary>The default allowlist location below the sandbox HOME.</summary>
    public string AllowlistPath => Path.Join(Home, ".config/agentspec/mount-allowlist.json");

    /// <summary>HOME (and nothing else of the caller's) for the agentspec process.</summary>
    public IReadOnlyDictionary<string, string?> Env => new Dictionary<string, string?> { ["HOME"] = Home };

    public Sandbox WithAllowlist(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(AllowlistPath)!);
        File.WriteAllText(AllowlistPath, json);
        return this;
    }

    /// <summary>agentspec ARGS --data-dir DATA with HOME set to the sandbox.</summary>
    public Task<CliResult> RunAsync(params string[] args) => RunWithAsync(new Dictionary<string, string?>(), args);

    /// <summary>agentspec ARGS --data-dir DATA with HOME set to the sandbox and more variables set or removed.</summary>
    public Task<CliResult> RunWithAsync(IReadOnlyDictionary<string, string?> env, params string[] args) =>
        Cli.RunAsync(WithDataDir(args), Env.Concat(env).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value), timeout: TimeSpan.FromSeconds(120));

    /// <summary>agentspec ARGS --data-dir DATA with HOME set to the sandbox, as a real process (<see cref="Cli.RunProcessAsync"/>).</summary>
    public Task<CliResult> RunProcessAsync(params string[] args) =>
        Cli.RunProcessAsync(WithDataDir(args), Env, timeout: TimeSpan.FromSeconds(120));

    /// <summary>Starts agentspec ARGS --data-dir DATA without waiting.</summary>
    public Cli.Running Start(params string[] args) => Cli.Start(WithDataDir(args), Env, TimeSpan.FromSeconds(180));

    /// <summary>`ps --json`: this install's containers.</summary>
    public async Task<List<JsonElement>> PsAsync()
    {
        var ps = (await RunAsync("ps", "--json")).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(ps.Stdout);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>Polls `ps --json` until <paramref name="done"/> holds; fails the test, showing the last list, when the time is up.</summary>
    public async Task<List<JsonElement>> WaitForPsAsync(Func<List<JsonElement>, bool> done, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var list = await PsAsync();
            if (done(list))
            {
                return list;
            }

            if (clock.Elapsed > within)
            {
                Assert.Fail($"`agentspec ps --json` did not show the expected containers within {within.TotalSeconds:F0} s; last it showed {list.Count}: [{string.Join(", ", list.Select(e => e.GetRawText()))}]");
            }

            await Task.Delay(300);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            if (Directory.Exists(DataRoot))
            {
                await Cli.RunAsync(["cleanup", "--data-dir", DataRoot], Env);
            }
        }
        finally
        {
            _temp.Dispose();
        }
    }

    private string[] WithDataDir(string[] args)
    {
        // Options go before a '--' that starts the container command.
        var dash = Array.IndexOf(args, "--");
        return dash < 0 ? [.. args, "--data-dir", DataRoot] : [.. args[..dash], "--data-dir", DataRoot, .. args[dash..]];
    }
}
