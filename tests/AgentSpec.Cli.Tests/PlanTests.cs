namespace AgentSpec.Cli.Tests;

/// <summary>`agentspec plan`: the compiled plans of the repository's groups.yaml.</summary>
public sealed class PlanTests
{
    [Fact]
    public async Task Plan_json_lists_every_group_of_groups_yaml()
    {
        var result = (await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok);
        var groups = Expected.Groups(result.Stdout, "mounts");
        Assert.Equal(Expected.GroupIds, groups.Keys);
        Assert.Equal(Repo.OperatorMounts.Keys, groups.Keys);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task Plan_json_starts_every_group_with_the_host_managed_table()
    {
        var result = (await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok);
        foreach (var (id, (group, mounts)) in Expected.Groups(result.Stdout, "mounts"))
        {
            var table = Expected.HostManagedTableFor(group);
            var count = table.Length;
            Assert.True(mounts.Count >= count, $"group {id} has only {mounts.Count} mounts");
            var first8 = mounts.Take(count).Select(m => (m.Name, m.HostSource, m.ContainerPath, m.Mode, m.ReadOnly, m.Origin)).ToArray();
            var expected = table.Select(t => (t.Name, t.Template, t.ContainerPath, t.Mode, t.Mode == "ro", Expected.HostManaged)).ToArray();
            Assert.Equal(expected, first8);
        }
    }

    [Fact]
    public async Task Plan_json_mounts_skill_data_rw_and_sets_SKILL_DATA_DIR_in_every_group()
    {
        var result = (await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok);
        foreach (var (id, (group, mounts)) in Expected.Groups(result.Stdout, "mounts"))
        {
            var skillData = Assert.Single(mounts, m => m.Name == "skill-data");
            Assert.Equal(("/workspace/skill-data", "rw", false, Expected.HostManaged), (skillData.ContainerPath, skillData.Mode, skillData.ReadOnly, skillData.Origin));
            Assert.Equal("/workspace/skill-data", group.GetProperty("env").GetProperty("SKILL_DATA_DIR").GetString());
            Assert.Equal(id, group.GetProperty("env").GetProperty("AGENTSPEC_GROUP_ID").GetString());
            Assert.Equal("/home/node", group.GetProperty("env").GetProperty("HOME").GetString());
        }
    }

    [Fact]
    public async Task Plan_text_shows_the_host_set_HOME_of_every_group()
    {
        var result = (await Cli.RunAsync("plan")).Exits(Expected.Ok);
        var envLines = result.StdoutLines.Where(l => l.StartsWith("  env: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(envLines);
        Assert.All(envLines, l => Assert.Contains(" HOME=/home/node ", l));
    }

    [Fact]
    public async Task Plan_json_puts_the_operator_mounts_of_groups_yaml_under_workspace_extra()
    {
        var result = (await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok);
        var groups = Expected.Groups(result.Stdout, "mounts");
        foreach (var id in Expected.GroupIds)
        {
            Assert.Equal(Expected.OperatorMounts(id), groups[id].Mounts.Skip(Expected.HostManagedTableFor(groups[id].Group).Length));
        }

        // Spot checks against groups.yaml as written, so a misread file cannot make both sides agree.
        Assert.Contains(new PrintedMount("webapp", "~/projects/webapp", "/workspace/extra/webapp", "rw", false, Expected.Operator), groups["main"].Mounts);
        Assert.Contains(new PrintedMount("papers", "~/papers", "/workspace/extra/papers", "ro", true, Expected.Operator), groups["research"].Mounts);
        Assert.Contains(new PrintedMount("style-guides", "/srv/shared/style-guides", "/workspace/extra/style-guides", "ro", true, Expected.Operator), groups["reviewer"].Mounts);
    }

    [Fact]
    public async Task Plan_one_group_json_prints_only_that_group()
    {
        var result = (await Cli.RunAsync("plan", "research", "--json")).Exits(Expected.Ok);
        var groups = Expected.Groups(result.Stdout, "mounts");
        Assert.Equal(["research"], groups.Keys);
        // Twelve host-managed mounts, with /app/skills a tmpfs plus its two skills (web-search, summarize), and ~/papers.
        Assert.Equal(15, groups["research"].Mounts.Count);
        Assert.Equal(["skills/web-search", "skills/summarize"], groups["research"].Mounts.Where(m => m.ContainerPath.StartsWith("/app/skills/", StringComparison.Ordinal)).Select(m => m.Name));
    }

    [Fact]
    public async Task Plan_main_text_lists_every_mount_with_origin_mode_container_path_and_source()
    {
        var json = Expected.Groups((await Cli.RunAsync("plan", "main", "--json")).Exits(Expected.Ok).Stdout, "mounts")["main"].Mounts;
        var text = (await Cli.RunAsync("plan", "main")).Exits(Expected.Ok);

        Assert.StartsWith("group main (main)", text.StdoutLines[0]);
        var header = text.StdoutLines.ToList().FindIndex(l => l.TrimStart().StartsWith("NAME", StringComparison.Ordinal));
        Assert.True(header > 0, text.ToString());
        // At 100 columns HOST SOURCE leaves the row: a labelled line below each row (WidthTests has the whole layout).
        Assert.Equal("  NAME               ORIGIN        MODE  CONTAINER PATH", text.StdoutLines[header]);
        var source = "      host source: ";
        var rows = text.StdoutLines.Skip(header + 1).Chunk(2)
            .Select(pair =>
            {
                Assert.True(pair.Length == 2 && pair[1].StartsWith(source, StringComparison.Ordinal), string.Join("\n", pair));
                return System.Text.RegularExpressions.Regex.Split(pair[0].Trim(), " {2,}").Append(pair[1][source.Length..]).ToArray();
            })
            .ToList();
        var expected = json.Select(m => new[] { m.Name, m.Origin, m.Mode, m.ContainerPath, m.HostSource }).ToList();
        Assert.Equal(expected, rows);
        Assert.Equal(14, rows.Count);
    }

    [Fact]
    public async Task Plan_data_dir_resolves_host_managed_templates_to_absolute_paths_under_it()
    {
        using var temp = new TempDir();
        var data = temp["data"];
        var result = (await Cli.RunAsync(["plan", "--json", "--data-dir", data])).Exits(Expected.Ok);
        foreach (var (id, (group, mounts)) in Expected.Groups(result.Stdout, "mounts"))
        {
            var folder = group.GetProperty("folder").GetString()!;
            var table = Expected.HostManagedTableFor(group);
            var resolved = mounts.Take(table.Length).Select(m => m.HostSource).ToArray();
            var expected = table.Select(t => Resolve(t.Template, data, id, folder)).ToArray();
            Assert.Equal(expected, resolved);
            Assert.All(resolved.Where(p => p != "tmpfs"), p => Assert.True(Path.IsPathFullyQualified(p) && p.StartsWith(data + "/", StringComparison.Ordinal) && !p.Contains('{'), p));

            // Operator mounts keep their declared source: the host resolves them at run time.
            Assert.Equal(Expected.OperatorMounts(id).Select(m => m.HostSource), mounts.Skip(table.Length).Select(m => m.HostSource));
        }
    }

    [Fact]
    public async Task Plan_relative_data_dir_is_made_absolute_from_the_working_directory()
    {
        using var temp = new TempDir();
        var result = (await Cli.RunAsync(["plan", "research", "--json", "--data-dir", "rel/data"], workingDirectory: temp.Path)).Exits(Expected.Ok);
        var mounts = Expected.Groups(result.Stdout, "mounts")["research"].Mounts;
        Assert.Equal(temp["rel/data/data/v2-sessions/research/skill-data"], mounts.Single(m => m.Name == "skill-data").HostSource);
        Assert.Equal(temp["rel/data/groups/research"], mounts.Single(m => m.Name == "agent").HostSource);
    }

    [Fact]
    public async Task Plan_text_with_data_dir_shows_resolved_sources()
    {
        using var temp = new TempDir();
        var text = (await Cli.RunAsync(["plan", "reviewer", "--data-dir", temp.Path])).Exits(Expected.Ok);
        var lines = text.StdoutLines.ToList();
        var row = lines.FindIndex(l => l.TrimEnd().EndsWith("  /workspace/skill-data", StringComparison.Ordinal));
        Assert.True(row > 0, text.ToString());
        Assert.Equal("      host source: " + temp["data/v2-sessions/reviewer/skill-data"], lines[row + 1]);
        Assert.DoesNotContain("{dataRoot}", text.Stdout);
    }

    [Fact]
    public async Task Plan_json_shows_user_limits_and_hardening_as_groups_yaml_declares_them()
    {
        var groups = Expected.Groups((await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok).Stdout, "mounts");
        foreach (var id in Expected.GroupIds)
        {
            var group = groups[id].Group;
            var user = group.GetProperty("user");
            Assert.Equal(System.Text.Json.JsonValueKind.Null, user.GetProperty("declared").ValueKind);
            Assert.Equal("host default", user.GetProperty("source").GetString());

            // The tests run as root: the host default is the image's node user, never uid 0.
            Assert.Equal(("1000:1000", 1000, 1000), (user.GetProperty("effective").GetString(), user.GetProperty("uid").GetInt32(), user.GetProperty("gid").GetInt32()));
            Assert.StartsWith("1000:1000, the node user of the image", user.GetProperty("hostDefault").GetString());

            // groups.yaml: defaults.limits {pids: 512, memory: 2g}; reviewer overrides memory only.
            var limits = group.GetProperty("limits");
            var memory = id == "reviewer" ? ("1g", 1L << 30) : ("2g", 2L << 30);
            Assert.Equal((512, memory.Item1, memory.Item2, memory.Item2), (limits.GetProperty("pids").GetInt32(), limits.GetProperty("memory").GetString(), limits.GetProperty("memoryBytes").GetInt64(), limits.GetProperty("memorySwapBytes").GetInt64()));

            Assert.Equal(("256m", 256L << 20, "256m", 256L << 20, "30m", 30L << 20), (limits.GetProperty("tmp").GetString(), limits.GetProperty("tmpBytes").GetInt64(), limits.GetProperty("home").GetString(), limits.GetProperty("homeBytes").GetInt64(), limits.GetProperty("logs").GetString(), limits.GetProperty("logBytes").GetInt64()));
            var disk = group.GetProperty("disk");
            Assert.True(disk.GetProperty("readOnlyRootFilesystem").GetBoolean());
            Assert.Equal(["/tmp 268435456", "/home/node 268435456"], disk.GetProperty("tmpfs").EnumerateArray().Select(t => t.GetProperty("path").GetString() + " " + t.GetProperty("sizeBytes").GetInt64()));
            var log = disk.GetProperty("log");
            Assert.Equal(("json-file", 3, 10L << 20, 30L << 20), (log.GetProperty("driver").GetString(), log.GetProperty("maxFile").GetInt32(), log.GetProperty("maxSizeBytes").GetInt64(), log.GetProperty("boundBytes").GetInt64()));

            // groups.yaml declares no network: every group runs with none.
            Assert.Equal("none", group.GetProperty("network").GetString());

            var hardening = group.GetProperty("hardening");
            Assert.Equal(["ALL"], hardening.GetProperty("capDrop").EnumerateArray().Select(c => c.GetString()));
            Assert.True(hardening.GetProperty("noNewPrivileges").GetBoolean());
            Assert.Contains("no setuid/setgid modes", hardening.GetProperty("seccomp").GetString());
        }
    }

    [Fact]
    public async Task Plan_text_shows_user_limits_network_and_hardening_before_the_mounts()
    {
        var text = (await Cli.RunAsync("plan", "reviewer")).Exits(Expected.Ok);

        // At 100 columns: env takes two lines, the timezone one or two (the host's), every long line wraps below its label.
        Assert.StartsWith("  env: SKILL_DATA_DIR=/workspace/skill-data HOME=/home/node AGENTSPEC_GROUP_ID=reviewer", text.StdoutLines[2]);
        Assert.StartsWith("  timezone: ", text.StdoutLines[4]);
        var lines = text.StdoutLines.ToList();
        var user = lines.FindIndex(l => l.StartsWith("  user: ", StringComparison.Ordinal));
        Assert.InRange(user, 5, 6);
        Assert.Equal(
            [
                "  user: host default: 1000:1000, the node user of the image (agentspec runs as root here)",
                "  limits: pids 512, memory 1g (swap included)",
                "  network: none (loopback only)",
                "  egress: none (nothing is reachable through the gateway)",
                "  agent: provider claude (the runner's default), assistant Code reviewer (the group's name), model",
                "    the provider's default, effort the provider's default, max messages per prompt 10 (the runner's",
                "    default), no MCP servers",
                "  hardening: capabilities dropped: ALL; no-new-privileges; seccomp: Docker default profile, plus: no",
                "    setuid/setgid modes (chmod, fchmod, fchmodat, creat, open, openat, mknod, mknodat), and",
                "    fchmodat2, openat2 and io_uring refused (ENOSYS)",
                "  disk: root file system read-only; /tmp tmpfs 256m, /home/node tmpfs 256m (memory-backed, nosuid,",
                "    nodev); log json-file 3 x 10m (30m at most on the host)",
            ],
            lines.Skip(user).Take(12));
        Assert.StartsWith("  NAME", lines[user + 12]);
    }

    private static string Resolve(string template, string dataRoot, string id, string folder) =>
        template.Replace("{dataRoot}", dataRoot).Replace("{id}", id).Replace("{folder}", folder).Replace("{session}", "default");
}
