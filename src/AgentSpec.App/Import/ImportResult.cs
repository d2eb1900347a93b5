using AgentSpec.Runtime;

namespace AgentSpec.App.Import;

/// <summary>
/// What an import made, before anything is written: the groups.yaml text (it compiles), the groups, every note with
/// its line, the translated allowlist (null when none is to be written) and the secrets for credentials.json.
/// </summary>
internal sealed record ImportResult(
    string Yaml, IReadOnlyList<ImportedGroup> Groups, IReadOnlyList<ImportNote> Notes, MountAllowlist? Allowlist, IReadOnlyList<ImportedSecret> Secrets)
{
    public required string DatabasePath { get; init; }

    public required string NanoClawAllowlistPath { get; init; }
}
