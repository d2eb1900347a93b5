using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Core.Model;

/// <summary>A host folder that more than one group mounts (as declared), with every use of it. Value-equatable.</summary>
internal sealed record SharedFolder(string HostPath, EquatableArray<SharedFolderUse> Uses)
{
    /// <summary>True when some group can write it: what one agent leaves there, the others read.</summary>
    public bool IsWritten => Uses.Any(u => !u.ReadOnly);
}
