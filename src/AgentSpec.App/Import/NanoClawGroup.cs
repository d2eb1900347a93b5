namespace AgentSpec.App.Import;

/// <summary>
/// One agent group as NanoClaw v2 keeps it in data/v2.db: a row of <c>agent_groups</c> and its row of
/// <c>container_configs</c> (null columns when the group has none), with the JSON text columns as they are stored.
/// </summary>
internal sealed record NanoClawGroup(string Id, string Name, string Folder, string? AgentProvider)
{
    public bool HasConfig { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    public string? Effort { get; init; }

    public string? ImageTag { get; init; }

    public string? AssistantName { get; init; }

    public long? MaxMessagesPerPrompt { get; init; }

    public string Skills { get; init; } = "\"all\"";

    public string McpServers { get; init; } = "{}";

    public string PackagesApt { get; init; } = "[]";

    public string PackagesNpm { get; init; } = "[]";

    public string AdditionalMounts { get; init; } = "[]";

    public string? CliScope { get; init; }
}
