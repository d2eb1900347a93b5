namespace AgentSpec.App.Json;

/// <summary>One finding with its one-based span, severity, rule id, message and help page (null for a rule outside the catalogue).</summary>
internal sealed record DiagnosticJson(
    string File, int Line, int Column, int EndLine, int EndColumn, string Severity, string Id, string Message, string? HelpUri);
