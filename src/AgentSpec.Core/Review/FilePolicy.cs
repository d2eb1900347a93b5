using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Review;

/// <summary>The file-wide policy switches of groups.yaml (the 'policy' mapping) and their lines.</summary>
internal sealed record FilePolicy(bool NonMainReadOnly, int? NonMainReadOnlyLine, bool NonMainProxy, int? NonMainProxyLine)
{
    /// <summary>The defaults when groups.yaml has no policy mapping (and when there is no file at all).</summary>
    public static FilePolicy Default { get; } = new(true, null, false, null);

    /// <summary>policy.nonMainEgress (default false).</summary>
    public bool NonMainEgress { get; init; }

    public int? NonMainEgressLine { get; init; }

    /// <summary>policy.nonMainCredentials (default false).</summary>
    public bool NonMainCredentials { get; init; }

    public int? NonMainCredentialsLine { get; init; }
}
