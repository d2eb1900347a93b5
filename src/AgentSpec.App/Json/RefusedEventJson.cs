namespace AgentSpec.App.Json;

/// <summary>"refused" of `run --json`: AgentSpec refused the run before creating anything (every problem), or the command line was wrong.</summary>
internal sealed record RefusedEventJson(string Event, string Reason, IReadOnlyList<string> Problems, int ExitCode);
