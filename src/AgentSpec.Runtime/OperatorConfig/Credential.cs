namespace AgentSpec.Runtime;

/// <summary>
/// One credential from the operator's credentials.json: its name (what groups.yaml writes), the header the gateway
/// adds for an egress destination that names it (null when the file gives none), and the secret value. The value
/// never appears in any output: <see cref="ToString"/> leaves it out, so a credential logged or interpolated by
/// mistake shows its name only.
/// </summary>
internal sealed record Credential(string Name, string? Header, string Value)
{
    /// <summary>"credential 'anthropic' (header x-api-key)": never the value.</summary>
    public override string ToString() => $"credential '{Name}'" + (Header is null ? string.Empty : $" (header {Header})");
}
