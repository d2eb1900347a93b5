using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>One side of a review: what groups.yaml compiles to, and where each part of it is written.</summary>
internal sealed record ReviewInput(CompileResult Result, SourceMap Sources)
{
    /// <summary>No file at all (e.g. groups.yaml is new in the head): no groups, the default policy.</summary>
    public static ReviewInput None { get; } =
        new(new CompileResult(EquatableArray<Finding>.Empty, EquatableArray<AgentSpec.Model.GroupPlan>.Empty), SourceMap.Empty);
}
