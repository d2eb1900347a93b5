namespace AgentSpec.App.Import;

/// <summary>
/// One allowedRoots entry of NanoClaw's allowlist as NanoClaw reads it: <see cref="AllowReadWrite"/> is JavaScript
/// truthiness of allowReadWrite (what v2.0.64 tests), <see cref="ReadOnly"/> the newer per-root key (not read by
/// v2.0.64), <see cref="Problem"/> why the entry cannot be used at all (then <see cref="Path"/> may be null).
/// </summary>
internal sealed record NanoClawRoot(int Index, string? Path, bool AllowReadWrite, bool? ReadOnly, string? Description, string? Problem);
