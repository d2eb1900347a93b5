using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>A mount as the CLI prints it in JSON.</summary>
public sealed record PrintedMount(string Name, string HostSource, string ContainerPath, string Mode, bool ReadOnly, string Origin)
{
    public static PrintedMount From(JsonElement e) => new(
        e.GetProperty("name").GetString()!,
        e.GetProperty("hostSource").GetString()!,
        e.GetProperty("containerPath").GetString()!,
        e.GetProperty("mode").GetString()!,
        e.GetProperty("readonly").GetBoolean(),
        e.GetProperty("origin").GetString()!);
}

/// <summary>The values the tests expect, written out by hand from DESIGN.md and read from groups.yaml.</summary>
public static class Expected
{
    public const string HostManaged = "host-managed";
    public const string Operator = "operator";

    /// <summary>DESIGN.md's host-managed table: name, host source template, container path, mode.</summary>
    public static readonly (string Name, string Template, string ContainerPath, string Mode)[] HostManagedTable =
    [
        ("workspace", "{dataRoot}/data/v2-sessions/{id}/{session}", "/workspace", "rw"),
        ("agent", "{dataRoot}/groups/{folder}", "/workspace/agent", "rw"),
        ("container.json", "{dataRoot}/groups/{folder}/container.json", "/workspace/agent/container.json", "ro"),
        ("CLAUDE.md", "{dataRoot}/groups/{folder}/CLAUDE.md", "/workspace/agent/CLAUDE.md", "ro"),
        (".claude-fragments", "{dataRoot}/groups/{folder}/.claude-fragments", "/workspace/agent/.claude-fragments", "ro"),
        ("skill-data", "{dataRoot}/data/v2-sessions/{id}/skill-data", "/workspace/skill-data", "rw"),
        (".claude", "{dataRoot}/data/v2-sessions/{id}/.claude-shared", "/home/node/.claude", "rw"),
        ("global", "{dataRoot}/groups/global", "/workspace/global", "ro"),
        ("skills", "{dataRoot}/container/skills", "/app/skills", "ro"),
        ("src", "{dataRoot}/container/agent-runner/src", "/app/src", "ro"),
        ("shared-CLAUDE.md", "{dataRoot}/container/CLAUDE.md", "/app/CLAUDE.md", "ro"),
        ("extra", "tmpfs", "/workspace/extra", "ro"),
    ];

    /// <summary>
    /// The host-managed mounts of a printed group (docs/groups-yaml.md#skills): the table for "skills": "all"; for a
    /// list, /app/skills is a tmpfs followed by one read-only bind per listed skill.
    /// </summary>
    public static (string Name, string Template, string ContainerPath, string Mode)[] HostManagedTableFor(JsonElement group)
    {
        var skills = group.GetProperty("skills");
        if (skills.ValueKind == JsonValueKind.String)
        {
            Assert.Equal("all", skills.GetString());
            return HostManagedTable;
        }

        return HostManagedTable.SelectMany(t => t.Name != "skills"
            ? [t]
            : new[] { ("skills", "tmpfs", "/app/skills", "ro") }.Concat(skills.EnumerateArray().Select(s => ("skills/" + s.GetString(), "{dataRoot}/container/skills/" + s.GetString(), "/app/skills/" + s.GetString(), "ro")))).ToArray();
    }

    public static readonly string[] GroupIds = ["main", "research", "reviewer"];

    /// <summary>
    /// COLUMNS=1000: text output at a width where nothing wraps, for a test about what a line says rather than how it
    /// is laid out (the 100-column layout of each command is asserted literally in WidthTests).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> FullWidth = new Dictionary<string, string?> { ["COLUMNS"] = "1000" };

    /// <summary>The exit codes of agentspec.</summary>
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>The operator mounts of a group as the plan must show them (from groups.yaml).</summary>
    public static IEnumerable<PrintedMount> OperatorMounts(string groupId) =>
        Repo.OperatorMounts[groupId].Select(m => new PrintedMount(
            m.ContainerPath, m.HostPath, "/workspace/extra/" + m.ContainerPath, m.ReadOnly ? "ro" : "rw", m.ReadOnly, Operator));

    /// <summary>Parses `plan --json` / `audit --json` output into group id → mounts (of the given array property).</summary>
    public static IReadOnlyDictionary<string, (JsonElement Group, IReadOnlyList<PrintedMount> Mounts)> Groups(string json, string mountsProperty)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(
            g => g.GetProperty("id").GetString()!,
            g => (g.Clone(), (IReadOnlyList<PrintedMount>)g.GetProperty(mountsProperty).EnumerateArray().Select(PrintedMount.From).ToList()));
    }
}
