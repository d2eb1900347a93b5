using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;

namespace AgentSpec.Runtime;

/// <summary>One reason the data root cannot be used, and the change that fixes it.</summary>
internal sealed record DataRootProblem(string Reason, string Fix)
{
    public override string ToString() => $"{Reason}. Fix: {Fix}";
}
