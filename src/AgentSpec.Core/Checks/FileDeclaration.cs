using System.Collections.Generic;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec.Checks;

internal sealed class FileDeclaration
{
    public Located<string>? DefaultImage { get; set; }

    /// <summary>defaults.image is present, even with a value the schema refused (so no group is also reported as image-less).</summary>
    public bool DefaultImageDeclared { get; set; }

    public Located<string>? DefaultUser { get; set; }

    public LimitsDeclaration? DefaultLimits { get; set; }

    public Located<string>? DefaultNetwork { get; set; }

    /// <summary>policy.nonMainProxy: whether groups other than main may use network: proxy (default false).</summary>
    public bool NonMainProxy { get; set; }

    public Located<bool>? NonMainProxyNode { get; set; }

    public bool NonMainReadOnly { get; set; } = true;

    public Located<bool>? NonMainReadOnlyNode { get; set; }

    public List<GroupDeclaration> Groups { get; } = new();
}
