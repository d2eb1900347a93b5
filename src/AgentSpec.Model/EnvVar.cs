using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Model;

/// <summary>An environment variable of a plan.</summary>
public sealed record EnvVar(string Name, string Value);
