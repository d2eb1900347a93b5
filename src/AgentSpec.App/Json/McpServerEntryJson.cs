namespace AgentSpec.App.Json;

/// <summary>An MCP server of a plan: command, args, env, and the credential names the host fills in at spawn.</summary>
internal sealed record McpServerEntryJson(
    string Command, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Env, IReadOnlyDictionary<string, string> Credentials);
