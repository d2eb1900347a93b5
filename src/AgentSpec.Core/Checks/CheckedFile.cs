using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Checks;

/// <summary>What <see cref="GroupRules.Check"/> found: the findings in the order the rules made them, and each group checked.</summary>
internal sealed record CheckedFile(FileDeclaration Declaration, IReadOnlyList<CheckedGroup> Groups, IReadOnlyList<Finding> Findings);
