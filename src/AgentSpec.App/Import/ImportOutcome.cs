namespace AgentSpec.App.Import;

/// <summary>What an import wrote: each file's path and what happened to it (written, replaced, unchanged, kept, none).</summary>
internal sealed record ImportOutcome(string GroupsPath, string GroupsAction, string? AllowlistPath, string AllowlistAction, string? CredentialsPath,
    string CredentialsAction);
