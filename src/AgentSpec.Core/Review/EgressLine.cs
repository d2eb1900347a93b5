namespace AgentSpec.Core.Review;

/// <summary>Where one egress destination (host and port) of a group is written: its own list's entry, or the defaults.egress entry it inherits.</summary>
internal sealed record EgressLine(string Host, int Port, int Line);
