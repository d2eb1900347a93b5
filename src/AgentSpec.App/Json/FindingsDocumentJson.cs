namespace AgentSpec.App.Json;

/// <summary>What `check --format json` prints (schemas/check.schema.json): every finding, then how many are errors.</summary>
internal sealed record FindingsDocumentJson(IReadOnlyList<DiagnosticJson> Diagnostics, int Errors);
