namespace AgentSpec.App.Json;

/// <summary>What `init --json` prints: the data root and what was created for each group.</summary>
internal sealed record InitDocumentJson(string DataRoot, IReadOnlyList<InitGroupJson> Groups);
