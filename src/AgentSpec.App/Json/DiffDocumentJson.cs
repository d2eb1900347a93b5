namespace AgentSpec.App.Json;

/// <summary>What `diff --format json` prints (schemas/diff.schema.json).</summary>
internal sealed record DiffDocumentJson(string Base, string Head, string Summary, DiffCountsJson Counts, IReadOnlyList<DiffChangeJson> Changes);
