namespace AgentSpec.App.Import;

/// <summary>The agent block of one imported group (docs/groups-yaml.md, "Agent"), from its container_configs row.</summary>
internal sealed record ImportedAgent(string? Provider, string? AssistantName, string? Model, string? Effort, long? MaxMessagesPerPrompt,
    IReadOnlyList<ImportedMcpServer> McpServers)
{
    public bool IsEmpty
        => Provider is null && AssistantName is null && Model is null && Effort is null && MaxMessagesPerPrompt is null && McpServers.Count == 0;
}
