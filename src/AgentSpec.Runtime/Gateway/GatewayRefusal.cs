using System;

namespace AgentSpec.Runtime;

/// <summary>Why the gateway refuses a connection: the reason is logged and, where the protocol still allows, sent to the client.</summary>
internal sealed class GatewayRefusal : Exception
{
    public GatewayRefusal(string reason, int status = 403)
        : base(reason)
    {
        Status = status;
    }

    /// <summary>The HTTP status for the client: 403 for a policy refusal, 400 for a malformed request, 502/504 upstream.</summary>
    public int Status { get; }
}
