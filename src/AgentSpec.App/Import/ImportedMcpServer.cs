namespace AgentSpec.App.Import;

/// <summary>
/// An MCP server of a group's agent block: plain <see cref="Env"/> values stay in groups.yaml, secret ones become
/// <see cref="Credentials"/> (env name to credential name; the values go to the operator's credentials.json).
/// </summary>
internal sealed record ImportedMcpServer(
    string Name,
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    IReadOnlyList<KeyValuePair<string, string>> Credentials);
