namespace AgentSpec.App.Json;

/// <summary>"failed" of `run --json`: AgentSpec failed after it began.</summary>
internal sealed record FailedEventJson(string Event, string Message, int ExitCode);
