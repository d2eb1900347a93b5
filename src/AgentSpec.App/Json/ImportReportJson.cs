namespace AgentSpec.App.Json;

/// <summary>What `import nanoclaw --json` prints: the sources read, the files written, the credential names, every group's mounts and every note.</summary>
internal sealed record ImportReportJson(
    string? Database,
    string? NanoclawAllowlist,
    ImportFileJson GroupsFile,
    ImportFileJson Allowlist,
    ImportFileJson Credentials,
    IReadOnlyList<ImportCredentialJson> CredentialNames,
    IReadOnlyList<ImportGroupJson> Groups,
    IReadOnlyList<ImportNoteJson> Notes);
