using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>One mount as written; its normalised paths are in <see cref="CheckedMount"/>.</summary>
internal sealed record MountDeclaration(YMapping Node)
{
    public Located<string>? HostPath { get; init; }

    public Located<string>? ContainerPath { get; init; }

    public Located<bool>? ReadOnly { get; init; }

    public bool IsReadOnly => ReadOnly?.Value ?? true;
}
