using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>One group's own problems, warnings (explicit read-only downgrades) and what group-init would create.</summary>
internal sealed record GroupDiagnosis(string GroupId, string Image, IReadOnlyList<HostCheckError> Problems, IReadOnlyList<string> Warnings, IReadOnlyList<ResolvedBind> ToCreate)
{
    /// <summary>The container user, or null when it could not be resolved (a problem says why).</summary>
    public ContainerUser? User { get; init; }
}
