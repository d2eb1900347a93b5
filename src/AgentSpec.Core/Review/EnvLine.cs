using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Review;

/// <summary>Where an environment variable of a group is declared.</summary>
internal sealed record EnvLine(string Name, int Line);
