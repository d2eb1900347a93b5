namespace AgentSpec.App.Json;

/// <summary>What `audit --json` prints (schemas/audit.schema.json): each group's write surface, then the shared host folders.</summary>
internal sealed record AuditDocumentJson(IReadOnlyList<AuditGroupJson> Groups, IReadOnlyList<SharedFolderJson> Shared);
