namespace AgentSpec.Runtime;

/// <summary>A line about the gateway itself (started, stopped) in its JSON log.</summary>
internal sealed record GatewayNoticeJson(string Time, string Group, string Session, string Notice);
