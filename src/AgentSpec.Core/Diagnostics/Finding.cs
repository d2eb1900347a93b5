namespace AgentSpec.Core.Diagnostics;

/// <summary>One problem found in groups.yaml: which rule, the formatted message and where. Value-equatable.</summary>
internal sealed record Finding(string Id, RuleSeverity Severity, string Message, SourceSpan Span)
{
    public bool IsError => Severity == RuleSeverity.Error;

    /// <summary>MSBuild/compiler style line: FILE(LINE,COL): error AGS0000: message.</summary>
    public string Format(string file) =>
        $"{file}({Span.StartLine + 1},{Span.StartColumn + 1}): {(IsError ? "error" : Severity == RuleSeverity.Warning ? "warning" : "info")} {Id}: {Message}";
}
