namespace AgentSpec.App.Json;

/// <summary>One access change of a diff; null where a side or a path does not apply.</summary>
internal sealed record DiffChangeJson(
    string? Group,
    string Effect,
    string Kind,
    string? Before,
    string? After,
    int? BeforeLine,
    int? AfterLine,
    string? HostPath,
    string? ContainerPath,
    bool Write);
