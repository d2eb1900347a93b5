using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>The kinds of host problems, one per check that can refuse a spawn.</summary>
public enum HostProblemKind
{
    Other,
    DataRoot,
    HostManaged,
    MountPoint,
    NotAbsolute,
    Missing,
    NotAFolder,
    Blocked,
    Protected,
    InsideWritable,
    InDataRoot,
    AllowlistMissing,
    Allowlist,
    OutsideRoots,
    ReadWriteNotAllowed,
    ContainerAccess,
    User,
    Engine,
    Image,

    /// <summary>A group with egress: the gateway configuration or the gateway image.</summary>
    Gateway,

    /// <summary>A group with egress names a credential the operator's credentials file lacks.</summary>
    Credentials,
}
