using System.Collections.Generic;
using System.Linq;
using AgentSpec.Checks;
using AgentSpec.Diagnostics;

namespace AgentSpec.Review;

/// <summary>Where an environment variable of a group is declared.</summary>
internal sealed record EnvLine(string Name, int Line);
