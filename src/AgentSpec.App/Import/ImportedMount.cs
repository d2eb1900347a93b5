namespace AgentSpec.App.Import;

/// <summary>An operator mount as the import writes it into groups.yaml (<see cref="Index"/>: its place in additional_mounts).</summary>
internal sealed record ImportedMount(int Index, string HostPath, string ContainerPath, bool ReadOnly);
