using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Options;

/// <summary>A severity chosen for one configurable rule; null severity means 'none' (the finding is dropped).</summary>
internal sealed record SeverityOverride(string Id, RuleSeverity? Severity);
