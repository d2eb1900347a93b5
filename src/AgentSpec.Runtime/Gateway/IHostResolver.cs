using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>How the gateway resolves a destination's name (the system resolver; tests map names to addresses of their own).</summary>
internal interface IHostResolver
{
    /// <summary>Every address of <paramref name="host"/>; empty or an exception when it has none.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
