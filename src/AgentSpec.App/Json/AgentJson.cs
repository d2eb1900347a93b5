namespace AgentSpec.App.Json;

/// <summary>"agent": the runner settings (null where not declared) and the MCP servers by name.</summary>
internal sealed record AgentJson(
    string? Provider,
    string AssistantName,
    bool AssistantNameDeclared,
    string? Model,
    string? Effort,
    int? MaxMessagesPerPrompt,
    IReadOnlyDictionary<string, McpServerEntryJson> McpServers);
