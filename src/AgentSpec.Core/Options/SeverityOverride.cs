using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Diagnostics;

namespace AgentSpec.Options;

/// <summary>A severity chosen for one configurable rule; null severity means 'none' (the finding is dropped).</summary>
internal sealed record SeverityOverride(string Id, RuleSeverity? Severity);
