using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentSpec.Checks;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec;

/// <summary>What compiling groups.yaml produced: every finding, and the plans when no error was found. Value-equatable.</summary>
internal sealed record CompileResult(EquatableArray<Finding> Findings, EquatableArray<GroupPlan> Plans)
{
    public bool HasErrors => Findings.Any(f => f.IsError);
}
