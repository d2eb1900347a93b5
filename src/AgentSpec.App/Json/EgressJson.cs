namespace AgentSpec.App.Json;

/// <summary>One egress destination with what a reviewer looks at twice ("flags").</summary>
internal sealed record EgressJson(string Host, int Port, string? Credential, bool Wildcard, bool Private, IReadOnlyList<string> Flags);
