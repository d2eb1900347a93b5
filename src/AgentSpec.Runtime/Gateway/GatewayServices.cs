namespace AgentSpec.Runtime;

/// <summary>
/// What every connection of one gateway shares: its policy and checks, its log, its bounds, the CA and the
/// credentials (when a destination has one).
/// </summary>
internal sealed record GatewayServices(
    GatewayPolicy Policy,
    GatewayDestinations Destinations,
    GatewayLog Log,
    GatewayOptions Options,
    GatewayCertificateAuthority? Authority,
    CredentialFile? Credentials);
