using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>What a change does to an agent's access.</summary>
internal enum ChangeEffect
{
    /// <summary>An agent can reach, write or run more than before.</summary>
    Grant,

    /// <summary>An agent can reach, write or run less than before.</summary>
    Revoke,

    /// <summary>No access changes (a display name, an ordinary environment variable).</summary>
    Neutral,
}
