using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Core.Model;

/// <summary>One group's mount of a shared host folder.</summary>
internal sealed record SharedFolderUse(string GroupId, string MountName, bool ReadOnly)
{
    public string Mode => ReadOnly ? "ro" : "rw";
}
