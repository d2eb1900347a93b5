using System.Collections.Generic;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec.Checks;

/// <summary>A 'limits' mapping (defaults or group): the raw values, checked by <see cref="ContainerRules"/>.</summary>
internal sealed class LimitsDeclaration
{
    /// <summary>The integer's text, as written.</summary>
    public Located<string>? Pids { get; set; }

    public Located<string>? Memory { get; set; }

    /// <summary>The size of the /tmp tmpfs.</summary>
    public Located<string>? Tmp { get; set; }

    /// <summary>The size of the /home/node tmpfs.</summary>
    public Located<string>? Home { get; set; }

    /// <summary>The bound of the container's log on the host.</summary>
    public Located<string>? Logs { get; set; }
}
