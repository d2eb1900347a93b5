using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>The outcome of the host check: the binds to use and warnings, or every error found.</summary>
internal sealed record HostCheckResult(string GroupId, IReadOnlyList<ResolvedBind> Binds, IReadOnlyList<string> Warnings, IReadOnlyList<HostCheckError> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>With <see cref="HostCheckOptions.BeforeInit"/>: the host-managed binds whose source group-init will create.</summary>
    public IReadOnlyList<ResolvedBind> ToCreate { get; init; } = Array.Empty<ResolvedBind>();

    /// <summary>The binds; throws <see cref="HostCheckFailedException"/> with all errors when the check failed.</summary>
    public IReadOnlyList<ResolvedBind> EnsureSucceeded() => Succeeded ? Binds : throw new HostCheckFailedException(Errors);
}
