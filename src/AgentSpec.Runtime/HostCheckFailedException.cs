using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Runtime;

/// <summary>The run-time host check refused a spawn; <see cref="Errors"/> holds every problem found, not just the first.</summary>
public sealed class HostCheckFailedException : RuntimeError
{
    public HostCheckFailedException(IReadOnlyList<HostCheckError> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<HostCheckError> Errors { get; }

    private static string Format(IReadOnlyList<HostCheckError> errors)
    {
        var groups = errors.Select(e => e.GroupId).Distinct().ToList();
        var head = $"refusing to start {(groups.Count == 1 ? $"group '{groups[0]}'" : $"groups {string.Join(", ", groups.Select(g => $"'{g}'"))}")}: {errors.Count} mount problem{(errors.Count == 1 ? string.Empty : "s")}";
        return head + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e.Message));
    }
}
