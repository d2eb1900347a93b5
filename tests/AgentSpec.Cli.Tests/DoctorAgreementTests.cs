using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// `doctor` agrees with `run` (issue 22): a group that a host problem stops is reported stopped, in text and in its JSON
/// problems, and the allowlist it prints for an unusable allowlist fits the groups it stops, so that writing it (and
/// fixing the mode) makes both doctor and a real run pass. `doctor FILE` reads a groups file as plan and audit do.
/// </summary>
[Collection(EngineCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DoctorAgreementTests(EngineFixture engine) : IDisposable
{
    private readonly TempDir _temp = new();

    private string Home => _temp["home"];

    private string Data => _temp["data"];

    private string AllowlistPath => Path.Join(Home, ".config/agentspec/mount-allowlist.json");

    // COLUMNS=1000: these tests read what each line says; WidthTests asserts the wrapped 100-column layout.
    private IReadOnlyDictionary<string, string?> Env => new Dictionary<string, string?> { ["HOME"] = Home, ["DOCKER_HOST"] = null, ["COLUMNS"] = "1000" };

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_group_an_untrusted_allowlist_stops_is_reported_stopped_and_the_printed_fix_makes_run_pass()
    {
        engine.Require();
        MakeMainFolders();
        WriteAllowlist(Sandbox.AllGroupsAllowlist, (UnixFileMode)0b110_110_110);

        var text = (await Cli.RunAsync(["doctor", "main", "--data-dir", Data], Env)).Exits(Expected.Failed);
        Assert.DoesNotContain("group main: ok", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("  stopped by the host problem above: [allowlist]", text.StdoutLines);
        Assert.Contains(
            $"    fix: fix what is said above, or replace {AllowlistPath} with the allowlist below, which fits the groups it stops", text.StdoutLines);
        Assert.Contains($"allowlist valid for main/webapp, main/notes; write it to {AllowlistPath}:", text.StdoutLines);

        using (var doc = JsonDocument.Parse((await Cli.RunAsync(["doctor", "main", "--json", "--data-dir", Data], Env)).Exits(Expected.Failed).Stdout))
        {
            var main = doc.RootElement.GetProperty("groups").EnumerateArray().Single();
            Assert.False(main.GetProperty("wouldStart").GetBoolean());
            var problem = Assert.Single(main.GetProperty("problems").EnumerateArray());
            Assert.Equal("allowlist", problem.GetProperty("kind").GetString());
            Assert.True(problem.GetProperty("shared").GetBoolean());
        }

        // run agrees: it fails on the same allowlist.
        (await Cli.RunAsync(["run", "main", "--data-dir", Data, "--", "true"], Env)).Exits(Expected.Failed);

        // The operator writes the printed allowlist and fixes the mode as the note says: doctor and run pass.
        WriteAllowlist(Printed(text), (UnixFileMode)0b110_000_000);
        var passed = (await Cli.RunAsync(["doctor", "main", "--data-dir", Data], Env)).Exits(Expected.Ok);
        Assert.Contains(passed.StdoutLines, l => l.StartsWith("group main: ok", StringComparison.Ordinal));
        (await Cli.RunAsync(["run", "main", "--data-dir", Data, "--", "touch", "/workspace/extra/notes/written"], Env)).Exits(Expected.Ok);
        Assert.True(File.Exists(Path.Join(Home, "notes/written")));
    }

    [Fact]
    public async Task On_a_fresh_home_a_second_doctor_run_finds_exactly_what_the_first_found()
    {
        // Every problem at once: nothing doctor does (or skips) on the first run may surface more on the next.
        engine.Require();
        Directory.CreateDirectory(Home);
        File.WriteAllText(Path.Join(Home, "notes"), "a file, not a folder\n"); // not-a-folder; ~/projects/webapp missing
        WriteAllowlist(Sandbox.AllGroupsAllowlist, (UnixFileMode)0b110_110_110); // group- and world-writable
        Assert.False(Directory.Exists(Data));

        var first = (await Cli.RunAsync(["doctor", "main", "--data-dir", Data], Env)).Exits(Expected.Failed);
        var firstJson = (await Cli.RunAsync(["doctor", "main", "--json", "--data-dir", Data], Env)).Exits(Expected.Failed);
        var second = (await Cli.RunAsync(["doctor", "main", "--data-dir", Data], Env)).Exits(Expected.Failed);
        var secondJson = (await Cli.RunAsync(["doctor", "main", "--json", "--data-dir", Data], Env)).Exits(Expected.Failed);

        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(firstJson.Stdout, secondJson.Stdout);
        using var doc = JsonDocument.Parse(firstJson.Stdout);
        var kinds = doc.RootElement.GetProperty("shared").EnumerateArray().Select(p => p.GetProperty("kind").GetString())
            .Concat(doc.RootElement.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("problems").EnumerateArray())
                .Where(p => !p.GetProperty("shared").GetBoolean()).Select(p => p.GetProperty("kind").GetString()))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["allowlist", "missing", "not-a-folder"], kinds);
        Assert.False(Directory.Exists(Data), "doctor made the data root");
    }

    [Fact]
    public async Task Doctor_takes_a_groups_file_like_plan_and_audit()
    {
        engine.Require();
        Directory.CreateDirectory(Home);
        var file = _temp.Write("misc.yaml", "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n  - id: solo\n    folder: solo\n    main: true\n");

        var result = (await Cli.RunAsync(["doctor", file, "--data-dir", Data], Env)).Exits(Expected.Ok);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("group solo: ok", StringComparison.Ordinal));
        Assert.DoesNotContain(result.StdoutLines, l => l.StartsWith("group main", StringComparison.Ordinal));

        var unknown = (await Cli.RunAsync(["doctor", file, "sol", "--data-dir", Data], Env)).Exits(Expected.Usage);
        Assert.Equal($"agentspec: no group 'sol' in {file} (did you mean 'solo'?); its groups: solo", unknown.StderrLines[0]);
    }

    private void MakeMainFolders()
    {
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

    private void WriteAllowlist(string json, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(AllowlistPath)!);
        File.WriteAllText(AllowlistPath, json);
        File.SetUnixFileMode(AllowlistPath, mode);
    }

    /// <summary>The allowlist block of doctor's text output, as printed (two spaces of indent removed).</summary>
    private static string Printed(CliResult result)
    {
        var lines = result.Stdout.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("allowlist valid for ", StringComparison.Ordinal));
        Assert.True(start >= 0, result.ToString());
        return string.Join('\n', lines.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal) && !l.StartsWith("  note:", StringComparison.Ordinal))
            .Select(l => l[2..])) + "\n";
    }
}
