using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>A prepared group: init done, its session locked, host check passed, ready to launch. Dispose releases the lock.</summary>
internal sealed record PreparedGroup(GroupPlan Plan, InitReport Init, HostCheckResult Check, LaunchSpec Launch, SessionLock Lock) : IDisposable
{
    /// <summary>The engine's answer to "does a container still hold this session?", asked under the lock while the host check ran; null if not asked.</summary>
    public Task<ContainerInfo?>? SessionCheck { get; init; }

    public void Dispose() => Lock.Dispose();
}
