using System;
using System.Collections.Generic;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>One group as written; what the rules conclude about it is in <see cref="CheckedGroup"/>.</summary>
internal sealed record GroupDeclaration(YMapping Node)
{
    public Located<string>? Id { get; init; }

    public Located<string>? Name { get; init; }

    public Located<string>? Folder { get; init; }

    public Located<bool>? Main { get; init; }

    public Located<string>? Image { get; init; }

    /// <summary>null means 'all'.</summary>
    public IReadOnlyList<string>? Skills { get; init; }

    /// <summary>The listed skills where they are written (AGS0418, AGS0419); empty for 'all'.</summary>
    public IReadOnlyList<Located<string>> SkillEntries { get; init; } = Array.Empty<Located<string>>();

    public IReadOnlyList<(Located<string> Name, Located<string> Value)> Env { get; init; } = Array.Empty<(Located<string>, Located<string>)>();

    public IReadOnlyList<MountDeclaration> Mounts { get; init; } = Array.Empty<MountDeclaration>();

    /// <summary>'user' as written ("UID" or "UID:GID"; an integer's text); null when not declared.</summary>
    public Located<string>? User { get; init; }

    public LimitsDeclaration? Limits { get; init; }

    /// <summary>'network' as written ("none" or "proxy"; the schema refuses other values); null when not declared.</summary>
    public Located<string>? Network { get; init; }

    /// <summary>The group's own 'egress' list; null when it declares none (it then inherits defaults.egress).</summary>
    public EgressListDeclaration? Egress { get; init; }

    /// <summary>The group's 'agent' block; null when it declares none.</summary>
    public AgentDeclaration? Agent { get; init; }

    public bool IsMain => Main?.Value ?? false;
}
