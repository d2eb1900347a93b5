using System;
using System.Collections.Generic;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>One entry of 'agent.mcpServers' as written: its name (the key) and its values of the right type.</summary>
internal sealed record McpServerDeclaration(Located<string> Name, YMapping Node)
{
    public Located<string>? Command { get; init; }

    public IReadOnlyList<Located<string>> Args { get; init; } = Array.Empty<Located<string>>();

    public IReadOnlyList<(Located<string> Name, Located<string> Value)> Env { get; init; } = Array.Empty<(Located<string>, Located<string>)>();

    /// <summary>Environment variable name to credential name.</summary>
    public IReadOnlyList<(Located<string> Name, Located<string> Value)> Credentials { get; init; } = Array.Empty<(Located<string>, Located<string>)>();
}
