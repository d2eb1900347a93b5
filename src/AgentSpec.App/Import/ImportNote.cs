namespace AgentSpec.App.Import;

/// <summary>
/// One thing the import reports: <see cref="Kind"/> (dropped, downgraded, changed, not-carried, secret, info), the
/// group it concerns (null for the file or the allowlist), what (a mount, a key, a setting), why, and the line of
/// groups.yaml it concerns (null when it has none).
/// </summary>
internal sealed record ImportNote(string Kind, string? GroupId, string Subject, string Reason, int? Line = null)
{
    /// <summary>The part of groups.yaml whose first line <see cref="Line"/> is (resolved after writing).</summary>
    public string? Part { get; init; }
}
