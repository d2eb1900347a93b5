namespace AgentSpec.App.Json;

/// <summary>What `plan --json` prints (schemas/plan.schema.json).</summary>
internal sealed record PlanDocumentJson(IReadOnlyList<PlanGroupJson> Groups);
