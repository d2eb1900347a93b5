using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentSpec.Cli.Tests;

/// <summary>`agentspec check FILE... [--format text|json|sarif]`: the build's rules without a build.</summary>
public sealed partial class CheckTests : IDisposable
{
    /// <summary>~/.ssh is a blocked host path (line 9, column 19); /abs/path an absolute container path (line 10, column 24).</summary>
    public const string BadYaml = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: main
            folder: main
            main: true
            mounts:
              - hostPath: ~/.ssh
                containerPath: /abs/path
                readonly: true

        """;

    /// <summary>Schema, path and group errors on many lines, and an info finding.</summary>
    public const string ManyProblemsYaml = """
        version: 1
        groups:
          - id: main
            folder: main
            main: true
            mounts:
              - source: ~/projects
                target: projects
              - hostPath: ~/notes
                containerPath: ../up
          - id: main
            folder: global
            env:
              SKILL_DATA_DIR: /x

        """;

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Valid_file_exits_0_with_no_finding_lines()
    {
        var result = (await Cli.RunAsync("check", Repo.GroupsYaml)).Exits(Expected.Ok);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(["1 file(s) checked: 0 error(s), 0 warning(s)"], result.StderrLines);
    }

    [Fact]
    public async Task Valid_file_json_and_sarif_have_no_findings()
    {
        var json = (await Cli.RunAsync("check", Repo.GroupsYaml, "--format", "json")).Exits(Expected.Ok);
        Assert.Empty(ParseJson(json.Stdout));
        var sarif = (await Cli.RunAsync("check", Repo.GroupsYaml, "--format", "sarif")).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(sarif.Stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
    }

    [Fact]
    public async Task Bad_file_exits_1_with_compiler_style_lines_at_the_right_positions()
    {
        var file = _temp.Write("bad.yaml", BadYaml);
        var result = (await Cli.RunAsync("check", file)).Exits(Expected.Failed);
        var findings = ParseText(result);
        Assert.Equal(
            [(file, 9, 19, "error", "AGS0302"), (file, 10, 24, "error", "AGS0201")],
            findings.Select(f => (f.File, f.Line, f.Column, f.Severity, f.Id)));
        Assert.StartsWith("hostPath '~/.ssh' matches the blocked pattern '.ssh'", findings[0].Message);
        Assert.StartsWith("containerPath '/abs/path' is absolute;", findings[1].Message);
        Assert.Contains("'abs/path'", findings[1].Message); // the fix: the relative form
        Assert.Equal(["1 file(s) checked: 2 error(s), 0 warning(s)"], result.StderrLines);
    }

    [Fact]
    public async Task Sarif_is_valid_2_1_0_and_matches_the_text_output()
    {
        var (text, sarif) = await CheckTwoFilesAsync("sarif");

        using var doc = JsonDocument.Parse(sarif.Stdout);
        var root = doc.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString());
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("AgentSpec", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()!).ToList();
        Assert.Equal(rules.Count, rules.Distinct().Count());
        Assert.All(rules, id => Assert.Matches("^AGS[0-9]{4}$", id));
        foreach (var rule in driver.GetProperty("rules").EnumerateArray())
        {
            // What GitHub code scanning requires of every rule (GH2012).
            Assert.NotEmpty(rule.GetProperty("fullDescription").GetProperty("text").GetString()!);
            Assert.NotEmpty(rule.GetProperty("help").GetProperty("text").GetString()!);
            Assert.Contains("](https://", rule.GetProperty("help").GetProperty("markdown").GetString()!);
            Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString()!);
        }

        var srcRoot = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString()!);
        var fingerprints = new HashSet<string>();

        var results = run.GetProperty("results").EnumerateArray().ToList();
        var fromSarif = new List<Finding>();
        foreach (var r in results)
        {
            var ruleId = r.GetProperty("ruleId").GetString()!;
            Assert.Contains(ruleId, rules);
            Assert.Equal(ruleId, rules[r.GetProperty("ruleIndex").GetInt32()]);
            var level = r.GetProperty("level").GetString()!;
            Assert.Contains(level, new[] { "error", "warning", "note", "none" });
            var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
            var region = location.GetProperty("region");
            Assert.True(region.GetProperty("endLine").GetInt32() >= region.GetProperty("startLine").GetInt32());
            var artifact = location.GetProperty("artifactLocation");
            Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
            var uri = artifact.GetProperty("uri").GetString()!;
            Assert.False(Path.IsPathRooted(uri), uri);
            Assert.True(fingerprints.Add(r.GetProperty("partialFingerprints").GetProperty("agentspecFinding/v1").GetString()!));
            fromSarif.Add(new Finding(
                new Uri(srcRoot, uri).LocalPath,
                region.GetProperty("startLine").GetInt32(),
                region.GetProperty("startColumn").GetInt32(),
                level == "note" ? "info" : level,
                ruleId,
                r.GetProperty("message").GetProperty("text").GetString()!));
        }

        Assert.Equal(text, fromSarif);
        Assert.Equal(2 + 7 + 1, fromSarif.Count);
        Assert.Contains(fromSarif, f => f.Id == "AGS0601" && f.Severity == "info");
    }

    [Fact]
    public async Task Json_reports_the_same_findings_as_text()
    {
        var (text, json) = await CheckTwoFilesAsync("json");
        Assert.Equal(text, ParseJson(json.Stdout));
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(text.Count(f => f.Severity == "error"), doc.RootElement.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Several_files_report_each_under_its_own_name_in_order()
    {
        var good = _temp.Write("good.yaml", File.ReadAllText(Repo.GroupsYaml));
        var bad = _temp.Write("bad.yaml", BadYaml);
        var many = _temp.Write("sub/many.yaml", ManyProblemsYaml);
        var result = (await Cli.RunAsync("check", good, bad, many)).Exits(Expected.Failed);
        var findings = ParseText(result);
        Assert.DoesNotContain(findings, f => f.File == good);
        Assert.Equal([bad, bad], findings.Where(f => f.File == bad).Select(f => f.File));
        Assert.Equal(
            // No AGS0601 on the mount whose containerPath is refused (AGS0202): one root cause, reported once.
            [(3, 9, "AGS0411"), (7, 9, "AGS0102"), (10, 24, "AGS0202"), (11, 9, "AGS0401"), (11, 9, "AGS0411"), (12, 13, "AGS0404"), (14, 7, "AGS0406")],
            findings.Where(f => f.File == many).Select(f => (f.Line, f.Column, f.Id)));
        Assert.Equal([bad, bad, .. Enumerable.Repeat(many, 7)], findings.Select(f => f.File));
        Assert.Equal(["3 file(s) checked: 9 error(s), 0 warning(s)"], result.StderrLines);

        var onlyGood = (await Cli.RunAsync("check", good, Repo.GroupsYaml)).Exits(Expected.Ok);
        Assert.Equal(string.Empty, onlyGood.Stdout);
    }

    [Fact]
    public async Task Relative_file_names_are_reported_as_given()
    {
        _temp.Write("dir/bad.yaml", BadYaml);
        var result = (await Cli.RunAsync(["check", "dir/bad.yaml"], workingDirectory: _temp.Path)).Exits(Expected.Failed);
        Assert.Equal(["dir/bad.yaml", "dir/bad.yaml"], ParseText(result).Select(f => f.File));
        var sarif = (await Cli.RunAsync(["check", "dir/bad.yaml", "--format", "sarif"], workingDirectory: _temp.Path)).Exits(Expected.Failed);
        Assert.Contains("\"uri\": \"dir/bad.yaml\"", sarif.Stdout);
        Assert.Contains("\"uriBaseId\": \"%SRCROOT%\"", sarif.Stdout);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public async Task Missing_file_is_a_usage_error_exit_2_naming_it_and_printing_no_report(string format)
    {
        var good = _temp.Write("good.yaml", File.ReadAllText(Repo.GroupsYaml));
        var missing = _temp["no-such-dir/missing.yaml"];
        var result = (await Cli.RunAsync("check", good, missing, "--format", format)).Exits(Expected.Usage);
        Assert.Equal([$"agentspec: cannot read '{missing}': there is no such file; check the path"], result.StderrLines);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.DoesNotContain("   at ", result.Stderr); // no stack trace
    }

    [Fact]
    public async Task A_folder_is_a_clear_usage_error_naming_the_file_inside()
    {
        _temp.Write("groups.yaml", BadYaml);
        var result = (await Cli.RunAsync(["check", "."], workingDirectory: _temp.Path)).Exits(Expected.Usage);
        Assert.Equal(["agentspec: '.' is a folder, not a groups.yaml file; pass the file itself ('./groups.yaml'), or '-' to read standard input"], result.StderrLines);
        Assert.DoesNotContain("denied", result.Stderr);
    }

    [Fact]
    public async Task Without_a_file_check_reads_groups_yaml_here_and_says_what_to_pass_when_there_is_none()
    {
        var none = (await Cli.RunAsync(["check"], workingDirectory: _temp.Path)).Exits(Expected.Usage);
        Assert.Contains($"no 'groups.yaml' in {_temp.Path}", none.Stderr);

        _temp.Write("groups.yaml", BadYaml);
        var result = (await Cli.RunAsync(["check"], workingDirectory: _temp.Path)).Exits(Expected.Failed);
        Assert.Equal(["groups.yaml", "groups.yaml"], ParseText(result).Select(f => f.File));
    }

    [Fact]
    public async Task Dash_reads_standard_input()
    {
        var result = (await Cli.RunWithInputAsync(["check", "-"], BadYaml)).Exits(Expected.Failed);
        Assert.Equal([("<stdin>", 9, 19, "AGS0302"), ("<stdin>", 10, 24, "AGS0201")], ParseText(result).Select(f => (f.File, f.Line, f.Column, f.Id)));
        (await Cli.RunWithInputAsync(["check", "-"], File.ReadAllText(Repo.GroupsYaml))).Exits(Expected.Ok);
        (await Cli.RunWithInputAsync(["check", "-", "-"], BadYaml)).Exits(Expected.Usage);
    }

    [Fact]
    public async Task Editorconfig_severities_apply_to_each_file_and_decide_the_exit_code()
    {
        const string NoMain = "version: 1\ndefaults:\n  image: img\ngroups:\n  - id: w\n    folder: w\n";
        _temp.Write(".editorconfig", "root = true\n[strict/groups.yaml]\nagentspec_diagnostic.AGS0409.severity = error\n[quiet/*.yaml]\nagentspec_diagnostic.AGS0409.severity = none\n# protected: ignored\nagentspec_diagnostic.AGS0302.severity = none\n");
        var strict = _temp.Write("strict/groups.yaml", NoMain);
        var quiet = _temp.Write("quiet/groups.yaml", NoMain + BadYaml[BadYaml.IndexOf("    mounts:", StringComparison.Ordinal)..].Replace("/abs/path", "keys"));
        var plain = _temp.Write("plain/groups.yaml", NoMain);

        var result = (await Cli.RunAsync("check", strict, quiet, plain)).Exits(Expected.Failed);
        Assert.Equal(
            [(strict, "error", "AGS0409"), (quiet, "error", "AGS0302"), (plain, "warning", "AGS0409")],
            ParseText(result).Select(f => (f.File, f.Severity, f.Id)));

        // The warning alone passes, as the build does; with --warnaserror (TreatWarningsAsErrors) it fails.
        (await Cli.RunAsync("check", plain)).Exits(Expected.Ok);
        var strictBuild = (await Cli.RunAsync("check", plain, "--warnaserror")).Exits(Expected.Failed);
        Assert.Equal([(plain, "error", "AGS0409")], ParseText(strictBuild).Select(f => (f.File, f.Severity, f.Id)));
        (await Cli.RunAsync("check", strict)).Exits(Expected.Failed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("\uFEFF")]
    public async Task Empty_file_reports_AGS0004_at_1_1_whatever_the_line_endings(string content)
    {
        var file = _temp.Write("empty.yaml", content);
        var result = (await Cli.RunAsync("check", file)).Exits(Expected.Failed);
        var finding = Assert.Single(ParseText(result));
        Assert.Equal((file, 1, 1, "error", "AGS0004"), (finding.File, finding.Line, finding.Column, finding.Severity, finding.Id));
    }

    [Theory]
    [InlineData(BadYaml)]
    [InlineData(ManyProblemsYaml)]
    public async Task Crlf_and_bom_files_report_the_same_ids_and_positions_as_lf(string lf)
    {
        lf = lf.Replace("\r\n", "\n");
        var variants = new Dictionary<string, string>
        {
            ["lf.yaml"] = lf,
            ["crlf.yaml"] = lf.Replace("\n", "\r\n"),
            ["bom.yaml"] = "\uFEFF" + lf,
            ["bomcrlf.yaml"] = "\uFEFF" + lf.Replace("\n", "\r\n"),
        };
        var results = new Dictionary<string, List<(int, int, string, string, string)>>();
        foreach (var (name, content) in variants)
        {
            var file = _temp.Write(name, content);
            var findings = ParseText((await Cli.RunAsync("check", file)).Exits(Expected.Failed));
            Assert.All(findings, f => Assert.Equal(file, f.File));
            results[name] = findings.Select(f => (f.Line, f.Column, f.Severity, f.Id, f.Message)).ToList();
        }

        Assert.NotEmpty(results["lf.yaml"]);
        Assert.Equal(results["lf.yaml"], results["crlf.yaml"]);
        Assert.Equal(results["lf.yaml"], results["bom.yaml"]);
        Assert.Equal(results["lf.yaml"], results["bomcrlf.yaml"]);
    }

    [Fact]
    public async Task Crlf_copy_of_the_repository_groups_yaml_is_still_valid()
    {
        var file = _temp.Write("groups.yaml", File.ReadAllText(Repo.GroupsYaml).Replace("\r\n", "\n").Replace("\n", "\r\n"));
        var result = (await Cli.RunAsync("check", file)).Exits(Expected.Ok);
        Assert.Equal(string.Empty, result.Stdout);
    }

    /// <summary>Checks bad.yaml and many.yaml as text and in <paramref name="format"/>; both must exit 1.</summary>
    private async Task<(List<Finding> Text, CliResult Formatted)> CheckTwoFilesAsync(string format)
    {
        var bad = _temp.Write("bad.yaml", BadYaml);
        var many = _temp.Write("many.yaml", ManyProblemsYaml);
        // A usable mount without readonly: its AGS0601 is the info-level finding (a refused mount gets none).
        var info = _temp.Write("info.yaml", "version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n"
            + "    mounts:\n      - hostPath: ~/notes\n        containerPath: notes\n");
        var text = ParseText((await Cli.RunAsync("check", bad, many, info)).Exits(Expected.Failed));
        return (text, (await Cli.RunAsync("check", bad, many, info, "--format", format)).Exits(Expected.Failed));
    }

    /// <summary>Every stdout line must have the compiler form FILE(LINE,COL): SEVERITY AGS####: MESSAGE.</summary>
    private static List<Finding> ParseText(CliResult result)
    {
        var findings = new List<Finding>();
        foreach (var line in result.StdoutLines)
        {
            var m = CompilerLine().Match(line);
            Assert.True(m.Success, $"not in the form FILE(LINE,COL): error AGS####: message: '{line}'{Environment.NewLine}{result}");
            findings.Add(new Finding(m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["severity"].Value, m.Groups["id"].Value, m.Groups["message"].Value));
        }

        return findings;
    }

    private static List<Finding> ParseJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => new Finding(
            d.GetProperty("file").GetString()!,
            d.GetProperty("line").GetInt32(),
            d.GetProperty("column").GetInt32(),
            d.GetProperty("severity").GetString() is "note" ? "info" : d.GetProperty("severity").GetString()!,
            d.GetProperty("id").GetString()!,
            d.GetProperty("message").GetString()!)).ToList();
    }

    [GeneratedRegex(@"^(?<file>.+)\((?<line>[1-9][0-9]*),(?<col>[1-9][0-9]*)\): (?<severity>error|warning|info) (?<id>AGS[0-9]{4}): (?<message>\S.*)$")]
    private static partial Regex CompilerLine();

    private sealed record Finding(string File, int Line, int Column, string Severity, string Id, string Message);
}
