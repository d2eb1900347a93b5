namespace AgentSpec.App.Json;

/// <summary>What `doctor --json` prints (schemas/doctor.schema.json): the verdict, the host, its problems, each group's, an allowlist that would do.</summary>
internal sealed record DoctorDocumentJson(
    bool WouldStart,
    int Errors,
    int Warnings,
    DoctorDataRootJson DataRoot,
    string Allowlist,
    DoctorEngineJson Engine,
    IReadOnlyList<DoctorSharedProblemJson> Shared,
    IReadOnlyList<DoctorGroupJson> Groups,
    DoctorAllowlistExampleJson? AllowlistExample);
