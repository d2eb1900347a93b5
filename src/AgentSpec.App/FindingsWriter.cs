using AgentSpec.App.Json;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.App;

/// <summary>Findings as JSON (SARIF: <see cref="SarifWriter"/>).</summary>
internal static class FindingsWriter
{
    public static void WriteJson(TextWriter output, IReadOnlyList<(string File, IReadOnlyList<Finding> Findings)> results)
    {
        var diagnostics = results.SelectMany(r => r.Findings.Select(f => new DiagnosticJson(
            r.File, f.Span.StartLine + 1, f.Span.StartColumn + 1, f.Span.EndLine + 1, f.Span.EndColumn + 1, Level(f.Severity), f.Id, f.Message,
            Rules.Find(f.Id)?.HelpLink))).ToList();
        var errors = results.Sum(r => r.Findings.Count(f => f.IsError));
        JsonOutput.Write(output, new FindingsDocumentJson(diagnostics, errors), AppJson.Default.FindingsDocumentJson);
    }

    private static string Level(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "error",
        RuleSeverity.Warning => "warning",
        _ => "note",
    };
}
