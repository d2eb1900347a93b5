namespace AgentSpec.Runtime;

/// <summary>Container labels AgentSpec sets; they are how it finds what a run left behind.</summary>
internal static class Labels
{
    public const string Install = "agentspec.install";
    public const string Group = "agentspec.group";
    public const string Run = "agentspec.run";
    public const string Session = "agentspec.session";

    /// <summary>"gateway" on a run's egress gateway container; absent on the agent's.</summary>
    public const string Role = "agentspec.role";
}
