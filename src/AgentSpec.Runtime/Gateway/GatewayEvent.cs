using System;

namespace AgentSpec.Runtime;

/// <summary>
/// One connection the gateway allowed or refused: who (client), where (destination host:port, the address it
/// connected to), how (tunnel, intercept, http), the decision with its reason, the bytes each way and how long it
/// lasted. Never a credential value: only its name.
/// </summary>
internal sealed record GatewayEvent(
    DateTimeOffset Time,
    string Client,
    string? Destination,
    string? Address,
    string Mode,
    bool Allowed,
    string Reason,
    long BytesUp,
    long BytesDown,
    TimeSpan Duration,
    string? Credential);
