using System.Text;
using System.Text.Json;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.App;

/// <summary>Findings as JSON (SARIF: <see cref="SarifWriter"/>).</summary>
internal static class FindingsWriter
{
    public static void WriteJson(TextWriter output, IReadOnlyList<(string File, IReadOnlyList<Finding> Findings)> results)
    {
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("diagnostics");
            foreach (var (file, findings) in results)
            {
                foreach (var f in findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("file", file);
                    writer.WriteNumber("line", f.Span.StartLine + 1);
                    writer.WriteNumber("column", f.Span.StartColumn + 1);
                    writer.WriteNumber("endLine", f.Span.EndLine + 1);
                    writer.WriteNumber("endColumn", f.Span.EndColumn + 1);
                    writer.WriteString("severity", Level(f.Severity));
                    writer.WriteString("id", f.Id);
                    writer.WriteString("message", f.Message);
                    writer.WriteString("helpUri", Rules.Find(f.Id)?.HelpLink);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteNumber("errors", results.Sum(r => r.Findings.Count(f => f.IsError)));
            writer.WriteEndObject();
        });
    }

    private static string Level(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "error",
        RuleSeverity.Warning => "warning",
        _ => "note",
    };
}
