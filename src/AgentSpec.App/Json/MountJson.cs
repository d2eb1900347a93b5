namespace AgentSpec.App.Json;

/// <summary>A mount as `plan --json` and `audit --json` show it.</summary>
internal sealed record MountJson(string Name, string HostSource, string ContainerPath, string Mode, bool Readonly, string Origin, string Kind);
