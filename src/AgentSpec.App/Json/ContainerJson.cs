namespace AgentSpec.App.Json;

/// <summary>What a group's container runs with, shared by `plan --json` and `audit --json` (written inline in the group).</summary>
internal sealed record ContainerJson(
    UserJson User,
    LimitsJson Limits,
    string Network,
    string EgressSource,
    IReadOnlyList<EgressJson> Egress,
    AgentJson Agent,
    GatewayJson? Gateway,
    HardeningJson Hardening,
    DiskJson Disk);
