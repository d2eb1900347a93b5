using System.Collections.Generic;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec.Checks;

internal sealed class GroupDeclaration
{
    public GroupDeclaration(YMapping node) => Node = node;

    public YMapping Node { get; }

    public Located<string>? Id { get; set; }

    public Located<string>? Name { get; set; }

    public Located<string>? Folder { get; set; }

    public Located<bool>? Main { get; set; }

    public Located<string>? Image { get; set; }

    /// <summary>null means 'all'.</summary>
    public List<string>? Skills { get; set; }

    /// <summary>The listed skills where they are written (AGS0418, AGS0419); empty for 'all'.</summary>
    public List<Located<string>> SkillEntries { get; } = new();

    public List<(Located<string> Name, Located<string> Value)> Env { get; } = new();

    public List<MountDeclaration> Mounts { get; } = new();

    /// <summary>'user' as written ("UID" or "UID:GID"; an integer's text); null when not declared.</summary>
    public Located<string>? User { get; set; }

    public LimitsDeclaration? Limits { get; set; }

    /// <summary>'network' as written ("none" or "proxy"; the schema refuses other values); null when not declared.</summary>
    public Located<string>? Network { get; set; }

    public bool IsMain => Main?.Value ?? false;

    /// <summary>False when a rule refused the group's identity; its plan cannot be built.</summary>
    public bool IdentityValid { get; set; } = true;
}
