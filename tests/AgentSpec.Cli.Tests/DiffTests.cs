using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// `agentspec diff --base REV [FILE]` and `diff BASE HEAD` on real git repositories with two commits: the exact
/// changes for every kind of grant and revoke, in json, text and markdown, and `--fail-on grant`.
/// </summary>
public sealed partial class DiffTests
{
    /// <summary>The base file of most scenarios; a scenario changes one line (line numbers on the right).</summary>
    private static readonly string[] Template =
    [
        "version: 1",                     // 1
        "defaults:",                      // 2
        "  image: img:1",                 // 3
        "policy:",                        // 4
        "  nonMainReadOnly: false",       // 5
        "  nonMainProxy: true",           // 6
        "groups:",                        // 7
        "  - id: main",                   // 8
        "    folder: main",               // 9
        "    main: true",                 // 10
        "  - id: w",                      // 11
        "    name: w",                    // 12
        "    folder: w",                  // 13
        "    main: false",                // 14
        "    user: \"1000:1000\"",        // 15
        "    network: none",              // 16
        "    skills: [a]",                // 17
        "    limits:",                    // 18
        "      pids: 100",                // 19
        "      memory: 1g",               // 20
        "    env:",                       // 21
        "      LOG: info",                // 22
        "      API_TOKEN: x",             // 23
        "    mounts:",                    // 24
        "      - hostPath: ~/p/app",      // 25
        "        containerPath: code/app", // 26
        "        readonly: true",         // 27
    ];

    private const string Mount = "/workspace/extra/code/app";

    public static TheoryData<string> Scenarios => new(All.Keys);

    /// <summary>Each scenario: base, head, and the exact changes (group, effect, kind, before, after, base line, head line).</summary>
    private static readonly Dictionary<string, (string Base, string Head, Change[] Changes)> All = new()
    {
        ["host-path-widened"] = Edit(25, "      - hostPath: ~/p", new Change("w", "grant", "host-path-widened", "~/p/app", "~/p", 25, 25, "~/p", Mount)),
        ["host-path-moved"] = Edit(25, "      - hostPath: ~/q", new Change("w", "grant", "host-path-moved", "~/p/app", "~/q", 25, 25, "~/q", Mount)),
        ["mode-read-write"] = Edit(27, "        readonly: false", new Change("w", "grant", "mode-read-write", "ro", "rw", 27, 27, "~/p/app", Mount)),
        ["container-path-widened"] = Edit(26, "        containerPath: code", new Change("w", "grant", "container-path-widened", Mount, "/workspace/extra/code", 26, 26, "~/p/app", "/workspace/extra/code")),
        ["container-path-moved"] = Edit(26, "        containerPath: other", new Change("w", "neutral", "container-path-moved", Mount, "/workspace/extra/other", 26, 26, "~/p/app", "/workspace/extra/other")),
        ["mount-added"] = (Text(), Text() + "      - hostPath: /srv/data\n        containerPath: data\n        readonly: false\n",
            [new Change("w", "grant", "mount-added", null, "rw /srv/data -> /workspace/extra/data", null, 28, "/srv/data", "/workspace/extra/data")]),
        ["group-added"] = (Text(), Text() + "  - id: x\n    folder: x\n    mounts:\n      - hostPath: /srv/x\n        containerPath: x\n        readonly: false\n",
            [
                new Change("x", "grant", "group-added", null, "folder x, image img:1, network none, 1 operator mount(s), 1 read-write", null, 28),
                new Change("x", "grant", "mount-added", null, "rw /srv/x -> /workspace/extra/x", null, 31, "/srv/x", "/workspace/extra/x"),
            ]),
        ["made-main"] = (Text(), Text((10, "    main: false"), (14, "    main: true")),
            [
                new Change("main", "revoke", "made-non-main", "main: true", "main: false", 10, 10),
                new Change("w", "grant", "made-main", "main: false", "main: true", 14, 14),
            ]),
        ["policy-relaxed"] = (Text((5, "  nonMainReadOnly: true")), Text(), [new Change(null, "grant", "policy-relaxed", "nonMainReadOnly: true", "nonMainReadOnly: false", 5, 5)]),
        ["proxy-policy-relaxed"] = (Text((6, "  nonMainProxy: false")), Text(), [new Change(null, "grant", "policy-relaxed", "nonMainProxy: false", "nonMainProxy: true", 6, 6)]),
        ["network-widened"] = Edit(16, "    network: proxy", new Change("w", "grant", "network-widened", "network: none", "network: proxy", 16, 16)),
        ["limits-raised"] = (Text(), Text((19, "      pids: 200"), (20, "      memory: 2g")),
            [
                new Change("w", "grant", "limits-raised", "pids: 100", "pids: 200", 19, 19),
                new Change("w", "grant", "limits-raised", "memory: 1g", "memory: 2g", 20, 20),
            ]),
        // Disk bounds: more scratch space or log is more of the host's memory and disk; a default is shown with no line.
        ["disk-limits-raised"] = (Text((20, "      memory: 1g\n      tmp: 64m")), Text((20, "      memory: 1g\n      tmp: 1g\n      logs: 300m")),
            [
                new Change("w", "grant", "limits-raised", "tmp: 64m", "tmp: 1g", 21, 21),
                new Change("w", "grant", "limits-raised", "logs: 30m", "logs: 300m", null, 22),
            ]),
        ["image-changed"] = Edit(3, "  image: img:2",
            new Change("main", "grant", "image-changed", "img:1", "img:2", 3, 3),
            new Change("w", "grant", "image-changed", "img:1", "img:2", 3, 3)),
        ["user-changed"] = Edit(15, "    user: \"1001:1001\"", new Change("w", "grant", "user-changed", "user: 1000:1000", "user: 1001:1001", 15, 15)),
        ["skills-added"] = Edit(17, "    skills: [a, b]", new Change("w", "grant", "skills-added", "skills: [a]", "skills: [a, b]", 17, 17)),
        ["folder-changed"] = Edit(13, "    folder: w2", new Change("w", "grant", "folder-changed", "w", "w2", 13, 13)),
        ["credential-changed"] = Edit(23, "      API_TOKEN: y", new Change("w", "grant", "env-changed", "API_TOKEN=x", "API_TOKEN=y", 23, 23)),
        ["env-neutral"] = Edit(22, "      LOG: debug", new Change("w", "neutral", "env-changed", "LOG=info", "LOG=debug", 22, 22)),
        ["renamed"] = Edit(11, "  - id: v", new Change("v", "grant", "group-renamed", "data/v2-sessions/w/", "data/v2-sessions/v/", 11, 11)),
    };

    /// <summary>Grants whose reverse (head → base) is the matching revoke, checked the other way round too.</summary>
    public static TheoryData<string> Reversible => new(
        "host-path-widened", "mode-read-write", "container-path-widened", "mount-added", "group-added", "made-main", "policy-relaxed",
        "proxy-policy-relaxed", "network-widened", "limits-raised", "disk-limits-raised", "skills-added");

    private static readonly Dictionary<string, string> Opposite = new()
    {
        ["host-path-widened"] = "host-path-narrowed", ["mode-read-write"] = "mode-read-only", ["container-path-widened"] = "container-path-narrowed",
        ["mount-added"] = "mount-removed", ["group-added"] = "group-removed", ["made-main"] = "made-non-main", ["policy-relaxed"] = "policy-tightened",
        ["network-widened"] = "network-narrowed", ["limits-raised"] = "limits-lowered", ["skills-added"] = "skills-removed",
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Each_kind_of_change_is_reported_exactly_in_json_text_and_markdown(string scenario)
    {
        var (basis, head, expected) = All[scenario];
        await AssertDiffAsync(basis, head, expected);
    }

    [Theory]
    [MemberData(nameof(Reversible))]
    public async Task The_reverse_of_each_grant_is_its_revoke(string scenario)
    {
        var (basis, head, forward) = All[scenario];
        var expected = forward.Select(c => c with
        {
            Effect = c.Effect == "grant" ? "revoke" : c.Effect == "revoke" ? "grant" : "neutral",
            Kind = Opposite.TryGetValue(c.Kind, out var k) ? k : Opposite.First(p => p.Value == c.Kind).Key,
            Before = c.After,
            After = c.Before,
            BeforeLine = c.AfterLine,
            AfterLine = c.BeforeLine,
            HostPath = c.Kind == "host-path-widened" ? "~/p/app" : c.HostPath,
            ContainerPath = c.Kind == "container-path-widened" ? Mount : c.ContainerPath,
        }).ToArray();
        await AssertDiffAsync(head, basis, expected, sorted: true);
    }

    [Fact]
    public async Task The_widening_of_the_issue_fails_on_grant_with_its_three_changes_and_lines()
    {
        var basis = "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n  - id: main\n    folder: main\n    main: true\n"
            + "  - id: reviewer\n    folder: reviewer\n    mounts:\n      - hostPath: ~/projects/webapp\n        containerPath: webapp\n        readonly: true\n";
        var head = "version: 1\ndefaults:\n  image: agentspec/agent:latest\npolicy:\n  nonMainReadOnly: false\ngroups:\n  - id: main\n    folder: main\n    main: true\n"
            + "  - id: reviewer\n    folder: reviewer\n    mounts:\n      - hostPath: ~/projects\n        containerPath: webapp\n        readonly: false\n";
        using var repo = GitRepo.PullRequest(basis, head);

        var markdown = (await repo.DiffAsync("--format", "markdown", "--fail-on", "grant")).Exits(Expected.Failed);
        Assert.Equal(
            """
            <!-- agentspec-diff -->
            ### AgentSpec access diff: `HEAD~1:groups.yaml` → `groups.yaml`

            **grants 2 write accesses to 1 group; relaxes the file policy**

            #### File policy

            | effect | change | host path | container path | before → after | line |
            |---|---|---|---|---|---|
            | **grant** | policy-relaxed |  |  | nonMainReadOnly: true → nonMainReadOnly: false | 5 |

            #### Group `reviewer`

            | effect | change | host path | container path | before → after | line |
            |---|---|---|---|---|---|
            | **grant** | host-path-widened | `~/projects` | `/workspace/extra/webapp` | ~/projects/webapp → ~/projects | 11 → 13 |
            | **grant** | mode-read-write | `~/projects` | `/workspace/extra/webapp` | ro → rw | 13 → 15 |

            """.ReplaceLineEndings("\n"),
            markdown.Stdout);
        Assert.Contains("failing because of --fail-on grant", markdown.Stderr);

        // Without --fail-on the same diff exits 0; a change that only revokes passes --fail-on grant.
        (await repo.DiffAsync()).Exits(Expected.Ok);
        repo.Commit("groups.yaml", basis);
        var revoke = (await repo.DiffAsync("--fail-on", "grant", "--format", "json")).Exits(Expected.Ok);
        Assert.All(Changes(revoke.Stdout), c => Assert.Equal("revoke", c.Effect));
    }

    [Fact]
    public async Task Base_head_files_and_a_file_in_a_subfolder_resolve_against_the_repository_root()
    {
        using var repo = new GitRepo();
        var (basis, head, expected) = All["mode-read-write"];
        repo.Commit("deploy/groups.yaml", basis);
        repo.Commit("deploy/groups.yaml", head);

        // From the subfolder, with the file named relative to it; and from the root.
        var fromSub = (await Cli.RunAsync(["diff", "--base", "HEAD~1", "groups.yaml", "--format", "json"], workingDirectory: Path.Join(repo.Path, "deploy"))).Exits(Expected.Ok);
        Assert.Equal(expected, Changes(fromSub.Stdout));
        using (var doc = JsonDocument.Parse(fromSub.Stdout))
        {
            Assert.Equal("HEAD~1:deploy/groups.yaml", doc.RootElement.GetProperty("base").GetString());
        }

        var fromRoot = (await Cli.RunAsync(["diff", "--base", "main~1", "deploy/groups.yaml", "--format", "json"], workingDirectory: repo.Path)).Exits(Expected.Ok);
        Assert.Equal(expected, Changes(fromRoot.Stdout));

        // Two plain files, no git at all.
        using var temp = new TempDir();
        var a = temp.Write("a.yaml", basis);
        var b = temp.Write("b.yaml", head);
        var files = (await Cli.RunAsync("diff", a, b, "--format", "json")).Exits(Expected.Ok);
        Assert.Equal(expected, Changes(files.Stdout));
    }

    [Fact]
    public async Task A_file_new_in_the_head_is_all_grants()
    {
        using var repo = new GitRepo();
        repo.Commit("README", "x");
        repo.Commit("groups.yaml", Text());
        var result = (await repo.DiffAsync("--format", "json", "--fail-on", "grant")).Exits(Expected.Failed);
        Assert.Contains("HEAD~1:groups.yaml does not exist", result.Stderr);
        var changes = Changes(result.Stdout);
        Assert.Equal(["policy-relaxed", "policy-relaxed", "group-added", "group-added", "mount-added"], changes.Select(c => c.Kind));
        Assert.All(changes, c => Assert.Equal("grant", c.Effect));
    }

    [Fact]
    public async Task Head_errors_come_first_and_exit_1_and_usage_errors_exit_2()
    {
        using var repo = GitRepo.PullRequest(Text(), Text((25, "      - hostPath: ~/.ssh")));
        var broken = (await repo.DiffAsync("--format", "markdown")).Exits(Expected.Failed);
        Assert.Equal(string.Empty, broken.Stdout);
        Assert.StartsWith("groups.yaml(25,19): error AGS0302:", broken.StderrLines[0]);
        Assert.Contains("does not compile", broken.Stderr);

        var unknown = (await Cli.RunAsync(["diff", "--base", "no-such-branch"], workingDirectory: repo.Path)).Exits(Expected.Usage);
        Assert.Contains("git knows no such revision", unknown.Stderr);
        (await Cli.RunAsync(["diff", "groups.yaml"], workingDirectory: repo.Path)).Exits(Expected.Usage);
        (await Cli.RunAsync(["diff", "--base", "HEAD", "a.yaml", "b.yaml"], workingDirectory: repo.Path)).Exits(Expected.Usage);
        (await Cli.RunAsync(["diff", "--base", "HEAD", "--fail-on", "revoke"], workingDirectory: repo.Path)).Exits(Expected.Usage);
        using var outside = new TempDir();
        outside.Write("groups.yaml", Text());
        var noRepo = (await Cli.RunAsync(["diff", "--base", "HEAD"], workingDirectory: outside.Path)).Exits(Expected.Usage);
        Assert.Contains("not inside a git work tree", noRepo.Stderr);
    }

    [Fact]
    public async Task Json_output_is_valid_against_schemas_diff_schema_json()
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Join(Repo.Root, "schemas", "diff.schema.json"));
        using var temp = new TempDir();
        foreach (var (name, (basis, head, _)) in All)
        {
            var a = temp.Write(name + "/base.yaml", basis);
            var b = temp.Write(name + "/head.yaml", head);
            var result = (await Cli.RunAsync("diff", a, b, "--format", "json")).Exits(Expected.Ok);
            var errors = schema.Validate(result.Stdout);
            Assert.True(errors.Count == 0, name + ": " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        // The schema really constrains: an unknown kind is refused.
        Assert.NotEmpty(schema.Validate("""{"base":"a","head":"b","summary":"s","counts":{"grant":0,"writeGrant":0,"revoke":0,"neutral":0},"changes":[{"group":null,"effect":"grant","kind":"made-up","before":null,"after":null,"beforeLine":null,"afterLine":null,"hostPath":null,"containerPath":null,"write":false}]}"""));
    }

    private static async Task AssertDiffAsync(string basis, string head, Change[] expected, bool sorted = false)
    {
        using var repo = GitRepo.PullRequest(basis, head);

        var json = (await repo.DiffAsync("--format", "json")).Exits(Expected.Ok);
        var changes = Changes(json.Stdout);
        Assert.Equal<Change>(sorted ? expected.Order().ToList() : expected.ToList(), sorted ? changes.Order().ToList() : changes);

        // One row per change at a width where nothing wraps (scripts read --format json; WidthTests has the wrapped layout).
        var text = (await Cli.RunAsync(["diff", "--base", "HEAD~1"], Expected.FullWidth, workingDirectory: repo.Path)).Exits(Expected.Ok);
        var rows = text.StdoutLines.Skip(2).Select(l => Columns().Split(l.Trim())).ToList();
        Assert.Equal(changes.Count, rows.Count);
        Assert.Equal(
            changes.Select(c => new[] { c.Group ?? "(policy)", c.Effect, c.Kind, c.Before ?? "-", c.After ?? "-", Lines(c, " -> ") }),
            rows);

        var markdown = (await repo.DiffAsync("--format", "markdown")).Exits(Expected.Ok);
        Assert.StartsWith("<!-- agentspec-diff -->\n### AgentSpec access diff: `HEAD~1:groups.yaml` → `groups.yaml`\n", markdown.Stdout);
        foreach (var c in changes)
        {
            var row = $"| {(c.Effect == "grant" ? "**grant**" : c.Effect)} | {c.Kind} | {Code(c.HostPath)} | {Code(c.ContainerPath)} | {Cell(c.Before ?? "—")} → {Cell(c.After ?? "—")} | {Lines(c, " → ")} |";
            Assert.Contains(row, markdown.StdoutLines);
            Assert.Contains(c.Group is null ? "#### File policy" : $"#### Group `{c.Group}`", markdown.StdoutLines);
        }

        // --fail-on grant: exit 1 exactly when something is granted.
        var gate = await repo.DiffAsync("--fail-on", "grant");
        gate.Exits(changes.Any(c => c.Effect == "grant") ? Expected.Failed : Expected.Ok);
    }

    private static string Lines(Change c, string arrow) =>
        c.BeforeLine is null && c.AfterLine is null ? "-"
        : c.BeforeLine is null ? c.AfterLine!.Value.ToString()
        : c.BeforeLine + arrow + (c.AfterLine?.ToString() ?? "-");

    private static string Code(string? s) => s is null ? string.Empty : "`" + s + "`";

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");

    private static List<Change> Changes(string json)
    {
        using var doc = JsonDocument.Parse(json);
        static string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
        static int? N(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();
        return doc.RootElement.GetProperty("changes").EnumerateArray()
            .Select(e => new Change(S(e, "group"), S(e, "effect")!, S(e, "kind")!, S(e, "before"), S(e, "after"), N(e, "beforeLine"), N(e, "afterLine"), S(e, "hostPath"), S(e, "containerPath")))
            .ToList();
    }

    private static (string, string, Change[]) Edit(int line, string replacement, params Change[] changes) => (Text(), Text((line, replacement)), changes);

    /// <summary>The template with some lines replaced, as a file.</summary>
    private static string Text(params (int Line, string Text)[] edits)
    {
        var lines = Template.ToArray();
        foreach (var (line, text) in edits)
        {
            lines[line - 1] = text;
        }

        return string.Join("\n", lines) + "\n";
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Columns();

    private sealed record Change(string? Group, string Effect, string Kind, string? Before, string? After, int? BeforeLine, int? AfterLine, string? HostPath = null, string? ContainerPath = null) : IComparable<Change>
    {
        public int CompareTo(Change? other) => string.CompareOrdinal(ToString(), other?.ToString());
    }
}
