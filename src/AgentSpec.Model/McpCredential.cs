namespace AgentSpec.Model;

/// <summary>
/// One entry of an MCP server's <c>credentials:</c>: the environment variable the server gets and the name of the
/// credential whose value fills it. The value lives in the operator's credentials.json on the host and is read at
/// spawn; it never enters a plan. Value-equatable.
/// </summary>
public sealed record McpCredential(string Variable, string Credential);
