using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>A host folder some group's container can write: the real path of a read-write operator mount.</summary>
internal sealed record WritableFolder(string RealPath, string GroupId, string MountName)
{
    public string Describe() => $"{RealPath}, which group '{GroupId}' mounts read-write (mount '{MountName}')";
}
