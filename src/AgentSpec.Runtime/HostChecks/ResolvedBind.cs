using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>One bind as it goes to the engine: the host's real path, the container path and the mode.</summary>
internal sealed record ResolvedBind(string MountName, string HostPath, string ContainerPath, bool ReadOnly, MountOrigin Origin, MountKind Kind = MountKind.Bind)
{
    /// <summary>The Docker "-v" (or "--tmpfs") form, for display.</summary>
    public override string ToString() => Kind == MountKind.Tmpfs
        ? $"tmpfs:{ContainerPath}:{(ReadOnly ? "ro" : "rw")}"
        : $"{HostPath}:{ContainerPath}:{(ReadOnly ? "ro" : "rw")}";
}
