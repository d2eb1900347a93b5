namespace AgentSpec.App.Json;

/// <summary>A group in `doctor --json`: its problems (its own, then the host's that stop it too), warnings and what group-init would create.</summary>
internal sealed record DoctorGroupJson(
    string Id,
    string Image,
    string? User,
    IReadOnlyList<DoctorProblemJson> Problems,
    bool WouldStart,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<DoctorToCreateJson> ToCreate);
