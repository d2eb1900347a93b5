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
    public async Task Audit_shows_who_writes_the_surface_within_what_limits_and_hardening()
    {
        var audit = Expected.Groups((await Cli.RunAsync("audit", "--json")).Exits(Expected.Ok).Stdout, "writable");
        var plan = Expected.Groups((await Cli.RunAsync("plan", "--json")).Exits(Expected.Ok).Stdout, "mounts");
        foreach (var id in Expected.GroupIds)
        {
            foreach (var key in new[] { "user", "limits", "hardening" })
            {
                Assert.Equal(plan[id].Group.GetProperty(key).GetRawText(), audit[id].Group.GetProperty(key).GetRawText());
            }
        }

        var text = (await Cli.RunAsync("audit")).Exits(Expected.Ok);
        var rows = text.StdoutLines.SkipWhile(l => !l.StartsWith("Who writes it", StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => !l.TrimStart().StartsWith("host default", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), " {2,}")).ToList();
        Assert.Equal(
            [["main", "1000:1000 (host default)", "512", "2g"], ["research", "1000:1000 (host default)", "512", "2g"], ["reviewer", "1000:1000 (host default)", "512", "1g"]],
            rows);
        Assert.Contains("  every container: capabilities dropped: ALL; no-new-privileges; seccomp: Docker default profile", text.Stdout);
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
