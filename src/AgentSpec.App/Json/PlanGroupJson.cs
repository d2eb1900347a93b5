using System.Text.Json.Serialization;

namespace AgentSpec.App.Json;

/// <summary>A group in `plan --json`: identity, env, timezone, the container part, then every mount.</summary>
internal sealed record PlanGroupJson : GroupJson
{
    public PlanGroupJson(
        string id, string name, string folder, bool main, string image, SkillsJson skills, IReadOnlyDictionary<string, string> env, TimezoneJson timezone,
        ContainerJson container, IReadOnlyList<MountJson> mounts)
        : base(id, main, skills, container)
    {
        Name = name;
        Folder = folder;
        Image = image;
        Env = env;
        Timezone = timezone;
        Mounts = mounts;
    }

    [JsonPropertyOrder(2)]
    public string Name { get; }

    [JsonPropertyOrder(3)]
    public string Folder { get; }

    [JsonPropertyOrder(5)]
    public string Image { get; }

    [JsonPropertyOrder(7)]
    public IReadOnlyDictionary<string, string> Env { get; }

    [JsonPropertyOrder(8)]
    public TimezoneJson Timezone { get; }

    [JsonPropertyOrder(20)]
    public IReadOnlyList<MountJson> Mounts { get; }
}
