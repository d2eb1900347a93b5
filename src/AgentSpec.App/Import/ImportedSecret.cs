namespace AgentSpec.App.Import;

/// <summary>A secret found in an MCP server's env: its credential name and value (the value is never printed or written to groups.yaml).</summary>
internal sealed record ImportedSecret(string CredentialName, string Value, string GroupId, string Server, string EnvName)
{
    /// <summary>The value never shows, also not in a record's generated ToString.</summary>
    public override string ToString() => $"{CredentialName} ({GroupId}/{Server} {EnvName})";
}
