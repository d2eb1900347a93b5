using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core;

/// <summary>What compiling groups.yaml produced: every finding, and the plans when no error was found. Value-equatable.</summary>
internal sealed record CompileResult(EquatableArray<Finding> Findings, EquatableArray<GroupPlan> Plans)
{
    public bool HasErrors => Findings.Any(f => f.IsError);
}
