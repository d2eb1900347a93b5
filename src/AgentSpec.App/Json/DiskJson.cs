namespace AgentSpec.App.Json;

/// <summary>"disk": the read-only root file system, the scratch tmpfs and the log bound, as the launcher applies them.</summary>
internal sealed record DiskJson(bool ReadOnlyRootFilesystem, IReadOnlyList<TmpfsJson> Tmpfs, LogBoundJson Log);
