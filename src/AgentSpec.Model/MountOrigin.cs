namespace AgentSpec.Model;

/// <summary>Who decides a mount: the host (compiled in, never changeable by operator config) or the operator (groups.yaml).</summary>
public enum MountOrigin
{
    HostManaged,
    Operator,
}
