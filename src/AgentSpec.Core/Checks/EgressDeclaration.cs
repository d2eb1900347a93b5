using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>One egress destination as written; <see cref="EgressRules"/> judges it and builds its <see cref="AgentSpec.Model.EgressRule"/>.</summary>
internal sealed record EgressDeclaration(YMapping Node)
{
    public Located<string>? Host { get; init; }

    /// <summary>'port' as written (an integer's digits); null when left out (443).</summary>
    public Located<string>? Port { get; init; }

    public Located<string>? Credential { get; init; }

    public Located<bool>? Private { get; init; }
}
