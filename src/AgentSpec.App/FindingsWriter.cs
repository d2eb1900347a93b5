using System.Text;
using System.Text.Json;
using AgentSpec.Diagnostics;

namespace AgentSpec.Cli;

/// <summary>Findings as JSON, or as SARIF 2.1.0 that GitHub code scanning accepts.</summary>
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

    public static void WriteSarif(TextWriter output, IReadOnlyList<(string File, IReadOnlyList<Finding> Findings)> results)
    {
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartObject("tool");
            writer.WriteStartObject("driver");
            writer.WriteString("name", "AgentSpec");
            writer.WriteString("informationUri", "https://github.com/agentspec/agentspec");
            writer.WriteString("semanticVersion", "1.0.0");
            writer.WriteStartArray("rules");
            foreach (var rule in Rules.All)
            {
                writer.WriteStartObject();
                writer.WriteString("id", rule.Id);
                writer.WriteString("name", string.Concat(rule.Title.Split(' ', '-', '\'', '(', ')', '.').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])));
                writer.WriteStartObject("shortDescription");
                writer.WriteString("text", rule.Title);
                writer.WriteEndObject();
                writer.WriteString("helpUri", rule.HelpLink);
                writer.WriteStartObject("defaultConfiguration");
                writer.WriteString("level", Level(rule.Severity));
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("results");
            foreach (var (file, findings) in results)
            {
                foreach (var f in findings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("ruleId", f.Id);
                    writer.WriteNumber("ruleIndex", IndexOf(f.Id));
                    writer.WriteString("level", Level(f.Severity));
                    writer.WriteStartObject("message");
                    writer.WriteString("text", f.Message);
                    writer.WriteEndObject();
                    writer.WriteStartArray("locations");
                    writer.WriteStartObject();
                    writer.WriteStartObject("physicalLocation");
                    writer.WriteStartObject("artifactLocation");
                    writer.WriteString("uri", file.Replace('\\', '/'));
                    writer.WriteEndObject();
                    writer.WriteStartObject("region");
                    writer.WriteNumber("startLine", f.Span.StartLine + 1);
                    writer.WriteNumber("startColumn", f.Span.StartColumn + 1);
                    writer.WriteNumber("endLine", f.Span.EndLine + 1);
                    writer.WriteNumber("endColumn", f.Span.EndColumn + 1);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    private static int IndexOf(string id)
    {
        for (var i = 0; i < Rules.All.Count; i++)
        {
            if (Rules.All[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Level(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "error",
        RuleSeverity.Warning => "warning",
        _ => "note",
    };
}
