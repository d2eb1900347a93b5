namespace AgentSpec.Runtime;

/// <summary>What `stop` did to what a group (session) left: containers stopped (they were running), containers and proxy networks removed.</summary>
internal sealed record SessionCleanup(int Stopped, int Removed, int Networks);
