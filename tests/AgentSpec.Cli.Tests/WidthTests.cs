using System.Text.Json;
using AgentSpec.App;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 22: text a person reads fits 100 columns (the plan table was 112 wide, its hardening line 237, doctor lines
/// up to 374). The width is the terminal's, else $COLUMNS, else 100; lines wrap at spaces with a hanging indent, a
/// table moves the columns that do not fit onto labelled lines below their row, and every value is still printed in
/// full. JSON is unchanged. Each test here fails when the wrapping is removed.
/// </summary>
public sealed class WidthTests : IDisposable
{
    private const string LongPath = "/srv/agentspec-width/customers/payments-platform/repositories/monorepo-checkout";

    /// <summary>A long group id and a long host path, as a real installation has them.</summary>
    private const string Base = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: nightly-dependency-review-for-the-payments-platform
            name: Nightly dependency review
            folder: nightly-review
            main: true
            mounts:
              - hostPath: /srv/agentspec-width/customers/payments-platform/repositories/monorepo-checkout
                containerPath: payments-monorepo
                readonly: true
        """;

    /// <summary><see cref="Base"/> and one more read-only mount, below the first (line 13).</summary>
    private const string Head = Base + "\n      - hostPath: /srv/agentspec-width/customers/payments-platform/shared-notes-for-the-review-agents"
        + "\n        containerPath: review-notes\n        readonly: true";

    /// <summary>A home, data root and engine that do not exist: doctor changes nothing, and its output is the same on every machine.</summary>
    private static readonly Dictionary<string, string?> Nowhere = new()
    {
        ["HOME"] = "/nonexistent-width-home",
        ["XDG_CONFIG_HOME"] = null,
        ["XDG_DATA_HOME"] = null,
        ["DOCKER_HOST"] = "unix:///run/nonexistent-width/docker.sock",
        ["COLUMNS"] = null,
    };

    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null, null, 100)]
    [InlineData(null, "60", 60)]
    [InlineData(null, "not a number", 100)]
    [InlineData(null, "-5", 100)]
    [InlineData(null, "20", 40)]
    [InlineData(null, "99999", 100)]
    [InlineData(132, "60", 132)]
    [InlineData(30, null, 40)]
    public void The_width_is_the_terminals_else_COLUMNS_else_100_and_never_below_40(int? terminal, string? columns, int expected) =>
        Assert.Equal(expected, OutputWidth.Decide(terminal, name => name == "COLUMNS" ? columns : null));

    [Fact]
    public void Text_wraps_at_spaces_with_a_hanging_indent_and_keeps_a_path_whole()
    {
        Assert.Equal(["  fix: create", "    /a/very/long/path", "    or correct it"], TextWrap.Lines("  fix: create /a/very/long/path or correct it", 20));
        Assert.Equal(["group a  name: b", "  folder: c"], TextWrap.Lines("group a  name: b  folder: c", 18));
        Assert.Equal(["one two", "  three"], TextWrap.Lines("one two\n  three", 100));
        Assert.Equal(["  error: a b", "      c d"], TextWrap.Lines("  error: a b c d", 12, hanging: "      "));
    }

    [Fact]
    public void A_table_that_fits_keeps_its_layout_one_that_does_not_wraps_its_last_column_or_moves_columns_below_the_row()
    {
        Assert.Equal(
            ["  NAME    MODE", "  webapp  rw", "  notes   ro"],
            Lines(o => Table.Write(o, ["NAME", "MODE"], [["webapp", "rw"], ["notes", "ro"]], 100, indent: "  ")));
        Assert.Equal(
            ["  GROUP  SKILLS", "  main   alpha beta gamma", "         delta epsilon zeta", "         eta theta"],
            Lines(o => Table.Write(o, ["GROUP", "SKILLS"], [["main", "alpha beta gamma delta epsilon zeta eta theta"]], 30, indent: "  ")));
        Assert.Equal(
            ["NAME    MODE", "webapp  rw", "    host source:", "      /home/someone/projects/webapp/with/a/long/path"],
            Lines(o => Table.Write(o, ["NAME", "MODE", "HOST SOURCE"], [["webapp", "rw", "/home/someone/projects/webapp/with/a/long/path"]], 30)));
    }

    [Fact]
    public async Task Plan_of_every_group_fits_100_columns_and_prints_every_value_of_its_json()
    {
        var text = (await Cli.RunAsync(["plan"], Nowhere)).Exits(Expected.Ok);
        AssertFits(text.Stdout, 100);
        var json = Expected.Groups((await Cli.RunAsync(["plan", "--json"], Nowhere)).Exits(Expected.Ok).Stdout, "mounts");
        foreach (var mount in json.Values.SelectMany(g => g.Mounts))
        {
            Assert.Contains(mount.HostSource, text.Stdout, StringComparison.Ordinal);
            Assert.Contains(mount.ContainerPath, text.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("fchmodat2, openat2 and io_uring refused (ENOSYS)", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_with_a_long_group_id_and_host_path_moves_the_host_source_below_its_row()
    {
        var file = _temp.Write("groups.yaml", Base);
        var text = (await Cli.RunAsync(["plan", file], Nowhere)).Exits(Expected.Ok);
        AssertFits(text.Stdout, 100);
        Assert.Equal(
            [
                "group nightly-dependency-review-for-the-payments-platform (main)  name: Nightly dependency review",
                "  folder: nightly-review  image: agentspec/agent:latest",
            ],
            text.StdoutLines.Take(2));
        Assert.Equal(
            [
                "  extra              host-managed  ro    /workspace/extra",
                "      host source: tmpfs",
                "  payments-monorepo  operator      ro    /workspace/extra/payments-monorepo",
                "      host source: " + LongPath,
            ],
            text.StdoutLines.TakeLast(4));
        Assert.Contains("  NAME               ORIGIN        MODE  CONTAINER PATH", text.StdoutLines);
    }

    [Fact]
    public async Task COLUMNS_60_is_honoured_and_json_is_not_wrapped()
    {
        var narrow = new Dictionary<string, string?>(Nowhere) { ["COLUMNS"] = "60" };
        AssertFits((await Cli.RunAsync(["plan", "main"], narrow)).Exits(Expected.Ok).Stdout, 60);
        AssertFits((await Cli.RunAsync(["audit"], narrow)).Exits(Expected.Ok).Stdout, 60);
        Assert.Equal(
            (await Cli.RunAsync(["plan", "--json"], Nowhere)).Exits(Expected.Ok).Stdout,
            (await Cli.RunAsync(["plan", "--json"], narrow)).Exits(Expected.Ok).Stdout);
        Assert.Equal(
            (await Cli.RunAsync(["audit", "--json"], Nowhere)).Exits(Expected.Ok).Stdout,
            (await Cli.RunAsync(["audit", "--json"], narrow)).Exits(Expected.Ok).Stdout);
    }

    [Fact]
    public async Task Audit_fits_100_columns_with_a_long_group_id_and_keeps_every_value()
    {
        var file = _temp.Write("groups.yaml", Base);
        var text = (await Cli.RunAsync(["audit", file], Nowhere)).Exits(Expected.Ok);
        AssertFits(text.Stdout, 100);
        Assert.Contains("  nightly-dependency-review-for-the-payments-platform  workspace   host-managed", text.StdoutLines);
        Assert.Contains("      host source: {dataRoot}/data/v2-sessions/{id}/{session}", text.StdoutLines);
        AssertFits((await Cli.RunAsync(["audit"], Nowhere)).Exits(Expected.Ok).Stdout, 100);
    }

    [Fact]
    public async Task Doctor_fits_100_columns_except_the_copy_paste_allowlist_and_reads_as_written()
    {
        var file = _temp.Write("groups.yaml", Base);
        var text = (await Cli.RunAsync(["doctor", file, "--data-dir", "/nonexistent-width-data"], Nowhere)).Exits(Expected.Failed);
        Assert.Equal(
            [
                "data root  /nonexistent-width-data (does not exist yet; group-init will create it)",
                "allowlist  /nonexistent-width-home/.config/agentspec/mount-allowlist.json (does not exist)",
                "engine     unix:///run/nonexistent-width/docker.sock",
                "",
                "host (shared by the groups and mounts it names)",
                "  error [allowlist-missing]: there is no operator mount allowlist at",
                "      /nonexistent-width-home/.config/agentspec/mount-allowlist.json, so operator mounts are refused",
                "    stops: nightly-dependency-review-for-the-payments-platform/payments-monorepo",
                "    fix: create /nonexistent-width-home/.config/agentspec/mount-allowlist.json (a file only you can",
                "      change, in a folder only you can change) with the allowlist below",
                "  error [engine]: cannot reach the Docker engine at unix:///run/nonexistent-width/docker.sock: the",
                "      socket /run/nonexistent-width/docker.sock does not exist; is dockerd running? (start it, or",
                "      point DOCKER_HOST at the engine)",
                "    fix: start the Docker engine (dockerd), or point DOCKER_HOST at the one to use",
                "",
                "group nightly-dependency-review-for-the-payments-platform (runs as 1000:1000, image",
                "  agentspec/agent:latest)",
                "  stopped by the host problem above: [allowlist-missing], [engine]",
                "  error [missing] mount 'payments-monorepo' (/workspace/extra/payments-monorepo): hostPath",
                "      '/srv/agentspec-width/customers/payments-platform/repositories/monorepo-checkout' does not",
                "      exist on this host (/srv/agentspec-width is missing)",
                "    fix: create /srv/agentspec-width/customers/payments-platform/repositories/monorepo-checkout or",
                "      correct hostPath in groups.yaml",
                "  group-init will create (not a problem): workspace, agent, container.json, CLAUDE.md,",
                "    .claude-fragments, skill-data, .claude, global, skills, src, shared-CLAUDE.md",
                "",
                "allowlist valid for nightly-dependency-review-for-the-payments-platform/payments-monorepo; write it",
                "  to /nonexistent-width-home/.config/agentspec/mount-allowlist.json:",
                "  {",
                "    \"allowedRoots\": [",
                "      {",
                "        \"path\": \"/srv/agentspec-width/customers/payments-platform/repositories/monorepo-checkout\",",
                "        \"allowReadWrite\": false,",
                "        \"description\": \"mounted by nightly-dependency-review-for-the-payments-platform/payments-monorepo (ro)\"",
                "      }",
                "    ],",
                "    \"blockedPatterns\": [],",
                "    \"nonMainReadOnly\": true",
                "  }",
                "",
                "3 problems would stop a spawn; 0 warnings. Fix them and run agentspec doctor again.",
            ],
            text.Stdout.TrimEnd('\n').Split('\n'));

        // The example allowlist is JSON to copy: written as it is, never broken inside a string.
        var json = text.Stdout.Split('\n').SkipWhile(l => l != "  {").TakeWhile(l => l.Length > 0).ToList();
        using (JsonDocument.Parse(string.Join('\n', json)))
        {
        }

        AssertFits(string.Join('\n', text.Stdout.Split('\n').Except(json)), 100);
    }

    [Fact]
    public async Task Diff_text_wraps_like_the_rest_and_json_keeps_one_object_per_change()
    {
        _temp.Write("base.yaml", Base);
        _temp.Write("head.yaml", Head);
        var text = (await Cli.RunAsync(["diff", "base.yaml", "head.yaml"], Nowhere, workingDirectory: _temp.Path)).Exits(Expected.Ok);
        AssertFits(text.Stdout, 100);
        Assert.Equal(
            [
                "base.yaml -> head.yaml: grants 1 access to 1 group",
                "  GROUP                                                EFFECT  CHANGE       BEFORE",
                "  nightly-dependency-review-for-the-payments-platform  grant   mount-added  -",
                "      after: ro /srv/agentspec-width/customers/payments-platform/shared-notes-for-the-review-agents",
                "        -> /workspace/extra/review-notes",
                "      line (base -> head): 13",
            ],
            text.StdoutLines);
        var json = (await Cli.RunAsync(["diff", "base.yaml", "head.yaml", "--format", "json"], Nowhere, workingDirectory: _temp.Path)).Exits(Expected.Ok);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Single(doc.RootElement.GetProperty("changes").EnumerateArray());
    }

    private static void AssertFits(string text, int width)
    {
        var wide = text.Split('\n').Where(l => l.TrimEnd('\r').Length > width).ToList();
        Assert.True(wide.Count == 0, $"{wide.Count} line(s) wider than {width}:\n{string.Join('\n', wide)}\n--- all ---\n{text}");
    }

    private static string[] Lines(Action<TextWriter> write)
    {
        using var output = new StringWriter { NewLine = "\n" };
        write(output);
        return output.ToString().TrimEnd('\n').Split('\n');
    }
}
