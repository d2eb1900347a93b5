using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>A group in `audit --json`: id, main, skills, the container part, then its write surface.</summary>
internal sealed record AuditGroupJson : GroupJson
{
    public AuditGroupJson(string id, bool main, SkillsJson skills, ContainerJson container, IReadOnlyList<MountJson> writable)
        : base(id, main, skills, container)
    {
        Writable = writable;
    }

    [JsonPropertyOrder(20)]
    public IReadOnlyList<MountJson> Writable { get; }
}
