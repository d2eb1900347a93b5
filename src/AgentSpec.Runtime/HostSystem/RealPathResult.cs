using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime;

/// <summary>Outcome of resolving a host path: its real path (every symlink followed) or where resolution stopped.</summary>
internal readonly record struct RealPathResult(string? RealPath, string? MissingAt, string? Problem)
{
    public bool Exists => RealPath is not null;
}
