using System.Collections.Generic;

namespace AgentSpec.Model;

/// <summary>
/// A group's <c>agent</c> block: what NanoClaw's agent runner reads from container.json besides the group's identity
/// (provider, assistant name, model, effort, messages per prompt, MCP servers). Every key is optional;
/// <see cref="None"/> when the block is absent. Value-equatable.
/// </summary>
public sealed record AgentSettings
{
    /// <summary>The most messages per prompt a group may declare.</summary>
    public const int MaxMessagesPerPromptLimit = 1000;

    /// <summary>No agent block: container.json then carries the identity only, and the runner uses its defaults.</summary>
    public static AgentSettings None { get; } = new();

    /// <summary>The reasoning efforts NanoClaw's runner passes to its provider ('low' | 'medium' | 'high' | 'xhigh' | 'max').</summary>
    public static IReadOnlyList<string> EffortLevels { get; } = new[] { "low", "medium", "high", "xhigh", "max" };

    /// <summary>The provider (NanoClaw's agent_provider); null: the runner's default (claude).</summary>
    public string? Provider { get; init; }

    /// <summary>The declared assistant name; null: the group's name (<see cref="AssistantNameFor"/>).</summary>
    public string? AssistantName { get; init; }

    public string? Model { get; init; }

    /// <summary>One of <see cref="EffortLevels"/>, or null.</summary>
    public string? Effort { get; init; }

    /// <summary>1 to <see cref="MaxMessagesPerPromptLimit"/>, or null (the runner's default, 10).</summary>
    public int? MaxMessagesPerPrompt { get; init; }

    /// <summary>The MCP servers in file order; empty unless declared.</summary>
    public EquatableArray<McpServer> McpServers { get; init; } = EquatableArray<McpServer>.Empty;

    /// <summary>True when nothing is declared.</summary>
    public bool IsEmpty => Equals(None);

    /// <summary>The assistant name container.json gets: the declared one, else the group's name (as NanoClaw does).</summary>
    public string AssistantNameFor(string groupName) => AssistantName ?? groupName;
}
