namespace AgentSpec.App.Json;

/// <summary>"hardening": the fixed container hardening.</summary>
internal sealed record HardeningJson(IReadOnlyList<string> CapDrop, bool NoNewPrivileges, string Seccomp);
