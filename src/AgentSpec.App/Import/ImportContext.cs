namespace AgentSpec.App.Import;

/// <summary>
/// What one import reads besides the database: the NanoClaw allowlist, the home folder, the project root, and whether
/// the agent block compiles.
/// </summary>
internal sealed record ImportContext(NanoClawAllowlist Allowlist, string Home, string ProjectRoot, bool AgentBlock);
