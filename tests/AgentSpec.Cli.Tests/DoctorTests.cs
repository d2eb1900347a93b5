using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// `agentspec doctor` (and `run --dry-run`) against the real engine in a fresh sandbox HOME: every host problem of the
/// selected groups in one run, each with its fix, exit 1 when any would stop a spawn, and nothing on the host changed
/// (every doctor run here compares the whole sandbox tree, owners and modes included, before and after).
/// </summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DoctorTests(EngineFixture engine) : IDisposable
{
    private const string NoAllowlist = "there is no operator mount allowlist";

    private readonly TempDir _temp = new();

    private string Home => _temp["home"];

    private string Data => _temp["data"];

    private string AllowlistPath => Path.Join(Home, ".config/agentspec/mount-allowlist.json");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Doctor_on_a_fresh_home_with_two_broken_mounts_and_no_allowlist_lists_all_three_problems_in_one_run()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        Directory.CreateDirectory(Home);
        // main's two mounts: ~/projects/webapp does not exist, ~/notes is a file. No allowlist at all.
        File.WriteAllText(Path.Join(Home, "notes"), "a file, not a folder\n");

        var text = (await DoctorAsync("main")).Exits(Expected.Failed);
        Assert.Contains("error [missing] mount 'webapp' (/workspace/extra/webapp): hostPath '~/projects/webapp' does not exist", text.Stdout);
        Assert.Contains($"fix: create {Home}/projects/webapp", text.Stdout);
        Assert.Contains("error [not-a-folder] mount 'notes' (/workspace/extra/notes): hostPath '~/notes' is a file; only directories can be mounted", text.Stdout);
        // Not "mount its parent directory": that is the home folder, which AGS0306 refuses.
        Assert.Contains($"fix: move {Home}/notes into a folder of its own, such as {Home}/notes-files, and write hostPath: ~/notes-files", text.Stdout);
        Assert.Contains($"error [allowlist-missing]: {NoAllowlist} at {AllowlistPath}", text.Stdout);
        Assert.Contains("3 problems would stop a spawn", text.Stdout);

        var json = Json((await DoctorAsync("main", "--json")).Exits(Expected.Failed));
        Assert.False(json.GetProperty("wouldStart").GetBoolean());
        Assert.Equal(3, json.GetProperty("errors").GetInt32());
        var kinds = Problems(json).Select(p => p.Kind).Order().ToList();
        Assert.Equal(["allowlist-missing", "missing", "not-a-folder"], kinds);
    }

    [Fact]
    public async Task An_allowlist_problem_is_reported_once_however_many_mounts_it_stops()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        MakeMountFolders();
        // Duplicate keys: System.Text.Json would keep the last silently; the allowlist parser refuses them.
        WriteAllowlist("""{ "allowedRoots": [], "allowedRoots": [], "nonMainReadOnly": true }""");

        var json = Json((await DoctorAsync("main", "research", "--json")).Exits(Expected.Failed));
        var allowlist = Assert.Single(json.GetProperty("shared").EnumerateArray());
        Assert.Equal("allowlist", allowlist.GetProperty("kind").GetString());
        Assert.Contains("duplicate", allowlist.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["main/webapp", "main/notes", "research/papers"], Strings(allowlist.GetProperty("affects")));
        Assert.Equal(1, json.GetProperty("errors").GetInt32());

        var text = (await DoctorAsync("main", "research")).Exits(Expected.Failed);
        Assert.Equal(1, Occurrences(text.Stdout, "is malformed"));
    }

    [Fact]
    public async Task A_group_or_world_writable_allowlist_is_refused_with_the_chmod_that_fixes_it()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        MakeMountFolders();
        WriteAllowlist(Sandbox.AllGroupsAllowlist);
        File.SetUnixFileMode(AllowlistPath, (UnixFileMode)0b110_110_110);

        var text = (await DoctorAsync("research")).Exits(Expected.Failed);
        Assert.Contains("error [allowlist]:", text.Stdout);
        Assert.Contains($"{AllowlistPath} is writable by everyone (mode 0666)", text.Stdout);
        Assert.Contains($"chmod go-w {AllowlistPath}", text.Stdout);
        Assert.Contains("stops: research/papers", text.Stdout);
    }

    [Fact]
    public async Task The_printed_allowlist_is_valid_for_exactly_the_mounts_it_is_printed_for_and_run_agrees()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        Directory.CreateDirectory(Home);

        // A fresh home: no folders, no allowlist. The example is printed for main's and research's mounts.
        var first = (await DoctorAsync("main", "research")).Exits(Expected.Failed);
        var printed = PrintedAllowlist(first);
        var example = Json((await DoctorAsync("main", "research", "--json")).Exits(Expected.Failed)).GetProperty("allowlistExample");
        Assert.Equal(["main/webapp", "main/notes", "research/papers"], Strings(example.GetProperty("for")));
        Assert.Equal(Canonical(example.GetProperty("content").GetRawText()), Canonical(printed));
        using (var doc = JsonDocument.Parse(printed))
        {
            var roots = doc.RootElement.GetProperty("allowedRoots").EnumerateArray()
                .ToDictionary(r => r.GetProperty("path").GetString()!, r => r.GetProperty("allowReadWrite").GetBoolean());
            // Their own folders, read-write only where a mount is read-write; non-main stays read-only.
            Assert.Equal(new Dictionary<string, bool> { ["~/projects/webapp"] = true, ["~/notes"] = true, ["~/papers"] = false }, roots);
            Assert.True(doc.RootElement.GetProperty("nonMainReadOnly").GetBoolean());
            Assert.Empty(doc.RootElement.GetProperty("blockedPatterns").EnumerateArray());
        }

        // The operator does what the other errors say and writes the example as printed: doctor passes those mounts.
        MakeMountFolders();
        WriteAllowlist(printed);
        var passed = (await DoctorAsync("main", "research")).Exits(Expected.Ok);
        Assert.Contains("group main: ok", passed.Stdout);
        Assert.Contains("group research: ok", passed.Stdout);
        Assert.Contains("every group would start (2 checked); 0 warnings.", passed.Stdout);

        // Exactly those: reviewer's /srv/shared/style-guides was not in it and is still outside every root.
        var reviewer = Json((await DoctorAsync("reviewer", "--json")).Exits(Expected.Failed));
        Assert.Contains(Problems(reviewer), p => p.Kind == "outside-roots" && p.Mount == "style-guides");
        Assert.DoesNotContain(Problems(reviewer), p => p.Mount == "projects/webapp");

        // And doctor's verdict is the run's: both groups really start.
        var run = await Cli.RunAsync(["run", "research", "--data-dir", Data, "--", "ls", "/workspace/extra/papers"], Env);
        run.Exits(Expected.Ok);
        var main = await Cli.RunAsync(["run", "main", "--data-dir", Data, "--", "touch", "/workspace/extra/notes/written"], Env);
        main.Exits(Expected.Ok);
        Assert.True(File.Exists(Path.Join(Home, "notes/written")));
    }

    [Fact]
    public async Task An_allowlist_that_lacks_roots_gets_an_example_that_keeps_its_roots_and_adds_the_missing_ones()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        MakeMountFolders();
        WriteAllowlist(Sandbox.ResearchAllowlist);

        var text = (await DoctorAsync("main", "research")).Exits(Expected.Failed);
        Assert.Equal(2, Occurrences(text.Stdout, "error [outside-roots]"));
        Assert.Contains("allowlist valid for main/webapp, main/notes; it keeps what the current allowlist has; replace", text.Stdout);
        var printed = PrintedAllowlist(text);
        Assert.Contains("\"~/papers\"", printed);

        WriteAllowlist(printed);
        (await DoctorAsync("main", "research")).Exits(Expected.Ok);
    }

    [Fact]
    public async Task Read_write_not_allowed_names_the_allowlist_change_and_the_downgrade_option_and_a_downgrade_is_only_a_warning()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        MakeMountFolders();
        WriteAllowlist(Sandbox.AllGroupsAllowlist.Replace("""{ "path": "~/notes", "allowReadWrite": true""", """{ "path": "~/notes", "allowReadWrite": false""", StringComparison.Ordinal));

        var refused = (await DoctorAsync("main")).Exits(Expected.Failed);
        Assert.Contains("error [read-write-not-allowed] mount 'notes' (/workspace/extra/notes): it is read-write, but its allowed root '~/notes' has allowReadWrite: false", refused.Stdout);
        Assert.Contains($"set allowReadWrite: true for '~/notes' in {AllowlistPath}; or pass --allow-readonly-downgrade", refused.Stdout);
        Assert.Contains("1 problem would stop a spawn", refused.Stdout);

        var downgraded = (await DoctorAsync("main", "--allow-readonly-downgrade")).Exits(Expected.Ok);
        Assert.Contains("warning: group 'main', mount 'notes' (/workspace/extra/notes): mounted READ-ONLY instead of read-write", downgraded.Stdout);
        Assert.Contains("every group would start (1 checked); 1 warning.", downgraded.Stdout);
    }

    [Fact]
    public async Task A_read_write_mount_under_a_NanoClaw_readOnly_root_is_named_by_doctor()
    {
        engine.Require();
        Sandbox.InstallSkills(Data);
        MakeMountFolders();
        var rootBefore = """{ "path": "~/notes", "allowReadWrite": true""";
        WriteAllowlist(Sandbox.AllGroupsAllowlist.Replace(rootBefore, rootBefore + """, "readOnly": true""", StringComparison.Ordinal));

        var refused = (await DoctorAsync("main")).Exits(Expected.Failed);
        Assert.Contains("error [read-write-not-allowed] mount 'notes' (/workspace/extra/notes): it is read-write, but its allowed root '~/notes' has readOnly: true", refused.Stdout);
        Assert.Contains($"set readOnly: false and allowReadWrite: true for '~/notes' in {AllowlistPath}", refused.Stdout);
    }

    [Fact]
    public async Task Blocked_paths_folders_inside_another_groups_read_write_folder_and_unwritable_folders_are_each_reported()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        MakeMountFolders();
        // No root for ~/papers: a root may not be a symbolic link, and a blocked path is refused before any root is looked at.
        WriteAllowlist("""
            {
              "allowedRoots": [
                { "path": "~/projects", "allowReadWrite": true, "description": "code" },
                { "path": "~/notes", "allowReadWrite": true, "description": "notes" }
              ],
              "nonMainReadOnly": true
            }
            """);
        // research's ~/papers really is ~/.ssh/papers (blocked); main's ~/notes is root's 0755 (the container runs as 1000:1000).
        Directory.Delete(Path.Join(Home, "papers"), recursive: true);
        Directory.CreateDirectory(Path.Join(Home, ".ssh/papers"));
        File.CreateSymbolicLink(Path.Join(Home, "papers"), Path.Join(Home, ".ssh/papers"));
        AgentSpec.Runtime.HostFiles.Chown(Path.Join(Home, "notes"), 0, 0);

        var json = Json((await DoctorAsync("main", "research", "--json")).Exits(Expected.Failed));
        var problems = Problems(json);
        Assert.Contains(problems, p => p.Group == "research" && p.Mount == "papers" && p.Kind == "blocked" && p.Reason.Contains("'.ssh'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Group == "main" && p.Mount == "notes" && p.Kind == "container-access" && p.Fix.Contains($"chown 1000:1000 '{Home}/notes'", StringComparison.Ordinal));
        Assert.Equal(2, problems.Count);

        // Now ~/papers is a link into main's read-write ~/projects/webapp: research's source could be swapped by main's agent.
        File.Delete(Path.Join(Home, "papers"));
        Directory.CreateDirectory(Path.Join(Home, "projects/webapp/papers"));
        File.CreateSymbolicLink(Path.Join(Home, "papers"), Path.Join(Home, "projects/webapp/papers"));
        var inside = Problems(Json((await DoctorAsync("research", "--json")).Exits(Expected.Failed)));
        var swap = Assert.Single(inside);
        Assert.Equal(("research", "papers", "inside-writable"), (swap.Group, swap.Mount, swap.Kind));
        Assert.Contains("which group 'main' mounts read-write", swap.Reason);
    }

    [Fact]
    public async Task Data_root_problems_are_reported_once_and_folders_group_init_would_refuse_are_problems_while_missing_ones_are_not()
    {
        engine.Require();
        MakeMountFolders();
        WriteAllowlist(Sandbox.AllGroupsAllowlist);

        // A data root that does not exist yet: group-init creates it and every host-managed folder; not a problem.
        var fresh = Json((await DoctorAsync("main", "--json")).Exits(Expected.Ok));
        Assert.True(fresh.GetProperty("dataRoot").GetProperty("willBeCreated").GetBoolean());
        var toCreate = Strings(fresh.GetProperty("groups")[0].GetProperty("toCreate").EnumerateArray().Select(e => e.GetProperty("mount")));
        Assert.Equal(["workspace", "agent", "container.json", "CLAUDE.md", ".claude-fragments", "skill-data", ".claude", "global", "skills", "src", "shared-CLAUDE.md"], toCreate);

        // research declares skills: group-init creates nothing in the operator's skills folder, so each missing one is a problem.
        var skills = Problems(Json((await DoctorAsync("research", "--json")).Exits(Expected.Failed)));
        Assert.Equal(new[] { "web-search", "summarize" }.Select(n => ("research", "skills/" + n, "host-managed")), skills.Select(p => (p.Group, p.Mount ?? string.Empty, p.Kind)));

        Sandbox.InstallSkills(Data);

        // What group-init would refuse: a file where the group's data folder must be, a link for groups/main.
        Directory.CreateDirectory(Path.Join(Data, "data/v2-sessions"));
        File.WriteAllText(Path.Join(Data, "data/v2-sessions/research"), "not a folder\n");
        Directory.CreateDirectory(Path.Join(Data, "groups"));
        Directory.CreateDirectory(_temp["elsewhere"]);
        File.CreateSymbolicLink(Path.Join(Data, "groups/main"), _temp["elsewhere"]);
        // And a data root that everyone may write: every group's data would be theirs.
        File.SetUnixFileMode(Data, (UnixFileMode)0b111_111_111);

        var json = Json((await DoctorAsync("main", "research", "--json")).Exits(Expected.Failed));
        var dataRoot = Assert.Single(json.GetProperty("shared").EnumerateArray());
        Assert.Equal("data-root", dataRoot.GetProperty("kind").GetString());
        Assert.Contains("is writable by everyone (mode 0777)", dataRoot.GetProperty("reason").GetString());
        Assert.Equal(["main", "research"], Strings(dataRoot.GetProperty("affects")));
        var problems = Problems(json);
        Assert.Contains(problems, p => p.Group == "research" && p.Kind == "host-managed" && p.Reason.Contains($"group-init would refuse {Data}/data/v2-sessions/research: it is a file where a folder must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Group == "main" && p.Kind == "host-managed" && p.Mount == "agent" && p.Reason.Contains("symbolic link", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_engine_is_one_problem_with_its_fix()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        MakeMountFolders();
        WriteAllowlist(Sandbox.AllGroupsAllowlist);
        var socket = _temp["no-engine/docker.sock"];

        var result = (await DoctorAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix://" + socket }, "research")).Exits(Expected.Failed);
        Assert.Contains($"error [engine]: cannot reach the Docker engine at unix://{socket}: the socket {socket} does not exist", result.Stdout);
        Assert.Contains("fix: start the Docker engine (dockerd), or point DOCKER_HOST at the one to use", result.Stdout);
        Assert.Contains("1 problem would stop a spawn", result.Stdout);
        Assert.DoesNotContain("[image]", result.Stdout);
    }

    [Fact]
    public async Task A_missing_image_is_inspected_never_pulled_and_reported_once_for_the_groups_using_it()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        MakeMountFolders();
        WriteAllowlist(Sandbox.AllGroupsAllowlist);
        const string Missing = "agentspec/doctor-no-such-image:latest";

        var json = Json((await DoctorAsync("main", "research", "--image", Missing, "--json")).Exits(Expected.Failed));
        var image = Assert.Single(json.GetProperty("shared").EnumerateArray());
        Assert.Equal("image", image.GetProperty("kind").GetString());
        Assert.Contains($"image {Missing} is not present on the engine", image.GetProperty("reason").GetString());
        Assert.Contains("agentspec never pulls", image.GetProperty("fix").GetString());
        Assert.Equal(["main", "research"], Strings(image.GetProperty("affects")));
        Assert.Single(Problems(json));
        Assert.False(EngineHasImage(Missing), "doctor pulled the image");

        // The present image passes: the same groups would start.
        (await DoctorAsync("main", "research")).Exits(Expected.Ok);
    }

    [Fact]
    public async Task Doctor_checks_the_named_session_and_refuses_an_invalid_name_before_looking()
    {
        var before = Snapshot();
        var bad = await Cli.RunAsync(["doctor", "research", "--session", "skill-data", "--data-dir", Data], Env);
        bad.Exits(2);
        Assert.StartsWith("agentspec: --session: ", bad.StderrLines[0]);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Run_dry_run_reports_like_doctor_and_starts_nothing()
    {
        engine.Require();
        Sandbox.InstallSkills(Data); // research declares skills; the operator installs them
        Directory.CreateDirectory(Home);

        var before = Snapshot();
        var result = (await Cli.RunAsync(["run", "research", "--dry-run", "--data-dir", Data, "--", "touch", "/workspace/x"], Env)).Exits(Expected.Failed);
        Assert.Equal(before, Snapshot());
        Assert.Contains("error [missing] mount 'papers'", result.Stdout);
        Assert.Contains($"error [allowlist-missing]: {NoAllowlist}", result.Stdout);
        Assert.DoesNotContain("group main", result.Stdout);
        Assert.Equal(["container"], Directory.GetFileSystemEntries(Data).Select(Path.GetFileName)); // only the operator's skills

        MakeMountFolders();
        WriteAllowlist(Sandbox.ResearchAllowlist);
        var ok = (await Cli.RunAsync(["run", "research", "--dry-run", "--data-dir", Data, "--", "touch", "/workspace/x"], Env)).Exits(Expected.Ok);
        Assert.Contains("group research: ok", ok.Stdout);
        Assert.True(Directory.GetFileSystemEntries(Data).Select(Path.GetFileName).SequenceEqual(["container"]), "run --dry-run ran group-init");
    }

    // COLUMNS=1000: these tests read what each line says; WidthTests asserts the wrapped 100-column layout.
    private IReadOnlyDictionary<string, string?> Env => new Dictionary<string, string?> { ["HOME"] = Home, ["DOCKER_HOST"] = null, ["COLUMNS"] = "1000" };

    /// <summary>agentspec doctor ARGS --data-dir DATA in the sandbox HOME; asserts that it changed nothing on disk.</summary>
    private Task<CliResult> DoctorAsync(params string[] args) => DoctorAsync(new Dictionary<string, string?>(), args);

    private async Task<CliResult> DoctorAsync(IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var before = Snapshot();
        var result = await Cli.RunAsync(["doctor", .. args, "--data-dir", Data], Env.Concat(env).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value));
        Assert.True(before.SequenceEqual(Snapshot()), $"doctor changed the host{Environment.NewLine}{result}");
        return result;
    }

    /// <summary>Every entry below the sandbox with its type, owner and mode (links not followed).</summary>
    private List<string> Snapshot() =>
        new DirectoryInfo(_temp.Path).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(e => $"{e.FullName} {(e.LinkTarget is { } t ? "-> " + t : e is DirectoryInfo ? "dir" : "file")} {AgentSpec.Runtime.HostFiles.Lstat(e.FullName)}")
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>main's and research's folders; main's read-write ones given to the container user, as an operator would.</summary>
    private void MakeMountFolders()
    {
        Directory.CreateDirectory(Path.Join(Home, "papers"));
        foreach (var writable in new[] { "projects/webapp", "notes" })
        {
            var dir = Directory.CreateDirectory(Path.Join(Home, writable)).FullName;
            if (AgentSpec.Runtime.HostFiles.IsRoot)
            {
                var user = AgentSpec.Runtime.ContainerSecurity.HostDefaultUser;
                AgentSpec.Runtime.HostFiles.Chown(dir, user.Uid, user.Gid);
            }
        }
    }

    private void WriteAllowlist(string json)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(AllowlistPath)!);
        File.WriteAllText(AllowlistPath, json);
        File.SetUnixFileMode(AllowlistPath, (UnixFileMode)0b110_100_100);
    }

    /// <summary>The allowlist block of the text output, exactly as printed (two spaces of indent removed).</summary>
    private static string PrintedAllowlist(CliResult result)
    {
        var lines = result.Stdout.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("allowlist valid for ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no allowlist example printed{Environment.NewLine}{result}");
        return string.Join('\n', lines.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("  note:", StringComparison.Ordinal)).Select(l => l[2..])) + "\n";
    }

    private static string Canonical(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static JsonElement Json(CliResult result)
    {
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    private sealed record Problem(string Group, string? Mount, string Kind, string Reason, string Fix);

    /// <summary>Every problem of the JSON output: the shared ones (group empty) and each group's.</summary>
    private static List<Problem> Problems(JsonElement json) =>
        json.GetProperty("shared").EnumerateArray()
            .Select(p => new Problem(string.Empty, null, p.GetProperty("kind").GetString()!, p.GetProperty("reason").GetString()!, p.GetProperty("fix").GetString()!))
            .Concat(json.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("problems").EnumerateArray()
                .Where(p => !p.GetProperty("shared").GetBoolean()) // a host problem that stops the group too is listed under shared once
                .Select(p => new Problem(
                g.GetProperty("id").GetString()!,
                p.GetProperty("mount").GetString(),
                p.GetProperty("kind").GetString()!,
                p.GetProperty("reason").GetString()!,
                p.GetProperty("fix").GetString()!))))
            .ToList();

    private static List<string> Strings(JsonElement array) => Strings(array.EnumerateArray());

    private static List<string> Strings(IEnumerable<JsonElement> values) => values.Select(v => v.GetString()!).ToList();

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;

    private static bool EngineHasImage(string image)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker", ["image", "inspect", image]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }
}
