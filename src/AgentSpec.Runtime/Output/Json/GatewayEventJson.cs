namespace AgentSpec.Runtime;

/// <summary>One connection in the gateway's JSON log (<c>--log-format json</c>); time in UTC, round-trip format.</summary>
internal sealed record GatewayEventJson(
    string Time,
    string Group,
    string Session,
    string Decision,
    string? Destination,
    string? Address,
    string Mode,
    string Client,
    string? Credential,
    string Reason,
    long BytesUp,
    long BytesDown,
    double DurationMs);
