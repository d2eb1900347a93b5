using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>
/// A group in `plan --json` and `audit --json`: its id, main and skills, and the container part inline. The orders fix
/// where each view's own keys go (the plan's name, folder, image, env and timezone between them; mounts or writable last).
/// </summary>
internal abstract record GroupJson
{
    protected GroupJson(string id, bool main, SkillsJson skills, ContainerJson container)
    {
        Id = id;
        Main = main;
        Skills = skills;
        Container = container;
    }

    [JsonPropertyOrder(1)]
    public string Id { get; }

    [JsonPropertyOrder(4)]
    public bool Main { get; }

    [JsonPropertyOrder(6)]
    public SkillsJson Skills { get; }

    [JsonIgnore]
    public ContainerJson Container { get; }

    [JsonPropertyOrder(10)]
    public UserJson User => Container.User;

    [JsonPropertyOrder(11)]
    public LimitsJson Limits => Container.Limits;

    [JsonPropertyOrder(12)]
    public string Network => Container.Network;

    [JsonPropertyOrder(13)]
    public string EgressSource => Container.EgressSource;

    [JsonPropertyOrder(14)]
    public IReadOnlyList<EgressJson> Egress => Container.Egress;

    [JsonPropertyOrder(15)]
    public AgentJson Agent => Container.Agent;

    /// <summary>Only for a plan behind the gateway; left out otherwise.</summary>
    [JsonPropertyOrder(16)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GatewayJson? Gateway => Container.Gateway;

    [JsonPropertyOrder(17)]
    public HardeningJson Hardening => Container.Hardening;

    [JsonPropertyOrder(18)]
    public DiskJson Disk => Container.Disk;
}
