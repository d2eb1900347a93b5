using System;
using System.Collections.Generic;

namespace AgentSpec.Core.Checks;

/// <summary>The file as written, read whole by <see cref="DeclarationReader"/>; the rules read it and never change it.</summary>
internal sealed record FileDeclaration
{
    public Located<string>? DefaultImage { get; init; }

    /// <summary>defaults.image is present, even with a value the schema refused (so no group is also reported as image-less).</summary>
    public bool DefaultImageDeclared { get; init; }

    public Located<string>? DefaultUser { get; init; }

    public LimitsDeclaration? DefaultLimits { get; init; }

    public Located<string>? DefaultNetwork { get; init; }

    /// <summary>defaults.egress; null when not declared.</summary>
    public EgressListDeclaration? DefaultEgress { get; init; }

    /// <summary>defaults.agent (provider, model, effort); null when not declared.</summary>
    public AgentDeclaration? DefaultAgent { get; init; }

    /// <summary>policy.nonMainEgress: whether groups other than main may have egress (default false).</summary>
    public bool NonMainEgress => NonMainEgressNode?.Value ?? false;

    public Located<bool>? NonMainEgressNode { get; init; }

    /// <summary>policy.nonMainCredentials: whether groups other than main may use egress credentials (default false).</summary>
    public bool NonMainCredentials => NonMainCredentialsNode?.Value ?? false;

    public Located<bool>? NonMainCredentialsNode { get; init; }

    /// <summary>policy.nonMainProxy: whether groups other than main may use network: proxy (default false).</summary>
    public bool NonMainProxy => NonMainProxyNode?.Value ?? false;

    public Located<bool>? NonMainProxyNode { get; init; }

    /// <summary>policy.nonMainReadOnly: whether groups other than main must mount read-only (default true).</summary>
    public bool NonMainReadOnly => NonMainReadOnlyNode?.Value ?? true;

    public Located<bool>? NonMainReadOnlyNode { get; init; }

    public IReadOnlyList<GroupDeclaration> Groups { get; init; } = Array.Empty<GroupDeclaration>();
}
