namespace AgentSpec.Cli.Tests;

/// <summary>`agentspec audit`: each group's complete write surface.</summary>
public sealed class AuditTests
{
    private static readonly string[] HostManagedReadWrite = ["workspace", "agent", "skill-data", ".claude"];

    [Fact]
    public async Task Audit_json_write_surface_is_exactly_the_read_write_mounts_of_each_group()
    {
        var audit = Expected.Groups((await Cli.RunAsync("audit", "--json")).Exits(Expected.Ok).Stdout, "writable");
        var plan = Expected.Groups((await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok).Stdout, "mounts");
        Assert.Equal(Expected.GroupIds, audit.Keys);
        foreach (var id in Expected.GroupIds)
        {
            var writable = audit[id].Mounts;
            var expectedNames = HostManagedReadWrite.Concat(Repo.OperatorMounts[id].Where(m => !m.ReadOnly).Select(m => m.ContainerPath));
            Assert.Equal(expectedNames, writable.Select(m => m.Name));
            Assert.Equal(plan[id].Mounts.Where(m => m.Mode == "rw"), writable);
            Assert.All(writable, m => Assert.Equal(("rw", false), (m.Mode, m.ReadOnly)));
        }

        // As declared: main writes its two operator folders; research and reviewer only their host-managed ones.
        Assert.Equal(["workspace", "agent", "skill-data", ".claude", "webapp", "notes"], audit["main"].Mounts.Select(m => m.Name));
        Assert.Equal(HostManagedReadWrite, audit["research"].Mounts.Select(m => m.Name));
        Assert.Equal(HostManagedReadWrite, audit["reviewer"].Mounts.Select(m => m.Name));
    }

    [Fact]
    public async Task Audit_shows_who_writes_the_surface_within_what_limits_network_and_hardening()
    {
        var audit = Expected.Groups((await Cli.RunAsync("audit", "--json")).Exits(Expected.Ok).Stdout, "writable");
        var plan = Expected.Groups((await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok).Stdout, "mounts");
        foreach (var id in Expected.GroupIds)
        {
            foreach (var key in new[] { "user", "limits", "network", "hardening", "disk" })
            {
                Assert.Equal(plan[id].Group.GetProperty(key).GetRawText(), audit[id].Group.GetProperty(key).GetRawText());
            }
        }

        var text = (await Cli.RunAsync(["audit"], Expected.FullWidth)).Exits(Expected.Ok);
        var rows = text.StdoutLines.SkipWhile(l => !l.StartsWith("Who writes it", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => !l.TrimStart().StartsWith("host default", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), " {2,}")).ToList();
        Assert.Equal(
            [["main", "1000:1000 (host default)", "512", "2g", "none", "256m", "256m", "30m"], ["research", "1000:1000 (host default)", "512", "2g", "none", "256m", "256m", "30m"], ["reviewer", "1000:1000 (host default)", "512", "1g", "none", "256m", "256m", "30m"]],
            rows);
        Assert.Contains("  every container: capabilities dropped: ALL; no-new-privileges; seccomp: Docker default profile", text.Stdout);
        Assert.Contains("  every container's disk: root file system read-only; /tmp and /home/node are memory-backed tmpfs of TMP and HOME; the engine keeps at most LOGS of output, in 3 rotated json-file files", text.StdoutLines);
    }

    [Fact]
    public async Task Audit_never_lists_a_read_only_mount()
    {
        var audit = (await Cli.RunAsync("audit", "--json")).Exits(Expected.Ok);
        foreach (var readOnly in new[] { "container.json", "global", "skills", "src", "papers", "style-guides", "projects/webapp" })
        {
            Assert.DoesNotContain($"\"name\": \"{readOnly}\"", audit.Stdout);
        }

        var text = (await Cli.RunAsync("audit")).Exits(Expected.Ok);
        Assert.DoesNotContain("/workspace/global", text.Stdout);
        Assert.DoesNotContain("/app/skills", text.Stdout);
        Assert.DoesNotContain("/workspace/extra/papers", text.Stdout);
        Assert.Contains(text.StdoutLines, l => l.Contains("main", StringComparison.Ordinal) && l.Contains("/workspace/extra/notes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_one_group_with_data_dir_resolves_its_sources()
    {
        using var temp = new TempDir();
        var audit = Expected.Groups((await Cli.RunAsync(["audit", "research", "--json", "--data-dir", temp.Path])).Exits(Expected.Ok).Stdout, "writable");
        Assert.Equal(["research"], audit.Keys);
        Assert.Equal(
            [temp["data/v2-sessions/research/default"], temp["groups/research"], temp["data/v2-sessions/research/skill-data"], temp["data/v2-sessions/research/.claude-shared"]],
            audit["research"].Mounts.Select(m => m.HostSource));
    }
}

/// <summary>`agentspec audit` names every host folder that more than one group mounts.</summary>
public sealed class AuditSharingTests
{
    [Fact]
    public async Task Audit_shows_that_main_and_reviewer_share_the_webapp_folder()
    {
        var audit = (await Cli.RunAsync("audit", "--json")).Exits(Expected.Ok);
        using var doc = System.Text.Json.JsonDocument.Parse(audit.Stdout);
        var shared = Assert.Single(doc.RootElement.GetProperty("shared").EnumerateArray());
        Assert.Equal("~/projects/webapp", shared.GetProperty("hostPath").GetString());
        Assert.True(shared.GetProperty("written").GetBoolean());
        Assert.Equal(
            [("main", "webapp", "rw"), ("reviewer", "projects/webapp", "ro")],
            shared.GetProperty("uses").EnumerateArray().Select(u => (u.GetProperty("group").GetString(), u.GetProperty("mount").GetString(), u.GetProperty("mode").GetString())));

        var text = (await Cli.RunAsync("audit")).Exits(Expected.Ok);
        var header = text.StdoutLines.ToList().FindIndex(l => l.StartsWith("Shared folders (", StringComparison.Ordinal));
        Assert.True(header > 0, text.ToString());
        var rows = text.StdoutLines.Skip(header + 2).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), " {2,}")).ToList();
        Assert.Equal([["~/projects/webapp", "main", "webapp", "rw"], ["~/projects/webapp", "reviewer", "projects/webapp", "ro"]], rows);
    }

    [Fact]
    public async Task Audit_of_one_group_has_nothing_to_share_with()
    {
        var text = (await Cli.RunAsync("audit", "research")).Exits(Expected.Ok);
        Assert.Contains("Shared folders: none (no host folder is mounted by more than one group).", text.StdoutLines);
    }
}
