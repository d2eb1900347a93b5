namespace AgentSpec.Core.Checks;

/// <summary>
/// A mount and what the rules made of it: the container path relative to the operator mount root and the host path,
/// each normalised, or null when a rule refused it (a repeated container path is refused after its first use).
/// </summary>
internal sealed record CheckedMount(MountDeclaration Declaration, string? ContainerPath, string? HostPath)
{
    /// <summary>Both paths passed their rules: the mount can become part of a plan.</summary>
    public bool IsUsable => ContainerPath is not null && HostPath is not null;
}
