using System.Collections.Generic;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec.Checks;

internal sealed class MountDeclaration
{
    public MountDeclaration(YMapping node) => Node = node;

    public YMapping Node { get; }

    public Located<string>? HostPath { get; set; }

    public Located<string>? ContainerPath { get; set; }

    public Located<bool>? ReadOnly { get; set; }

    /// <summary>The relative container path after normalisation, once the container path rules passed.</summary>
    public string? NormalizedContainerPath { get; set; }

    public string? NormalizedHostPath { get; set; }

    public bool IsReadOnly => ReadOnly?.Value ?? true;
}
