using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>What group-init created for one group; empty on a second run.</summary>
public sealed record InitReport(string GroupId, IReadOnlyList<InitEntry> Created)
{
    public bool CreatedAnything => Created.Count > 0;

    /// <summary>Folders of the agent whose mode group-init repaired (<see cref="AgentFolderModes"/>), as messages for the operator.</summary>
    internal IReadOnlyList<string> Repaired { get; init; } = Array.Empty<string>();
}
