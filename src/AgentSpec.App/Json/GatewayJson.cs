namespace AgentSpec.App.Json;

/// <summary>"gateway" of a plan behind AgentSpec's egress gateway: its image, port and the CA folder (null when nothing is intercepted).</summary>
internal sealed record GatewayJson(string Image, int Port, string? CaMount);
