namespace AgentSpec.App.Json;

/// <summary>A credential the import named (never its value): which group's MCP server and env variable it came from.</summary>
internal sealed record ImportCredentialJson(string? Name, string? Group, string? McpServer, string? Env);
