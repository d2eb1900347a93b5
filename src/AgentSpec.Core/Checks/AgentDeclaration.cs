using System;
using System.Collections.Generic;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>An 'agent' block as written, in a group or in defaults (provider, model and effort only); <see cref="AgentRules"/> judges it.</summary>
internal sealed record AgentDeclaration(YMapping Node)
{
    public Located<string>? Provider { get; init; }

    public Located<string>? AssistantName { get; init; }

    public Located<string>? Model { get; init; }

    public Located<string>? Effort { get; init; }

    /// <summary>'maxMessagesPerPrompt' as written (an integer's digits).</summary>
    public Located<string>? MaxMessagesPerPrompt { get; init; }

    public IReadOnlyList<McpServerDeclaration> McpServers { get; init; } = Array.Empty<McpServerDeclaration>();
}
