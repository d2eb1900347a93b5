namespace AgentSpec.App.Json;

/// <summary>"output" of `run --json`: a chunk of a container's stdout or stderr, base64 of its bytes.</summary>
internal sealed record OutputEventJson(string Event, string Group, string Stream, string Data);
