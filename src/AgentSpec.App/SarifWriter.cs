using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.App;

/// <summary>
/// Findings as SARIF 2.1.0 that GitHub code scanning ingests (Microsoft's SARIF Multitool, rule kinds Sarif and Gh,
/// reports nothing): every rule with short and full description, help (text and Markdown) and helpUri; results with
/// repository-relative URIs under %SRCROOT% (the git work tree, else the current folder), a level, and a
/// fingerprint that follows the finding when lines above it move.
/// </summary>
internal static class SarifWriter
{
    public const string SrcRoot = "%SRCROOT%";
    public const string FingerprintKey = "agentspecFinding/v1";

    public static void Write(TextWriter output, IReadOnlyList<(GroupsFileText File, IReadOnlyList<Finding> Findings)> results, string srcRoot, string workingDirectory)
    {
        var root = Path.GetFullPath(srcRoot, workingDirectory).TrimEnd('/') + "/";
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            WriteTool(writer);
            writer.WriteStartObject("originalUriBaseIds");
            writer.WriteStartObject(SrcRoot);
            writer.WriteString("uri", new Uri(root).AbsoluteUri);
            writer.WriteStartObject("description");
            writer.WriteString("text", "The root of the repository (the git work tree) the file paths are relative to.");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("results");
            foreach (var (file, findings) in results)
            {
                var path = Path.GetFullPath(file.FullPath ?? GroupsFiles.DefaultFile, workingDirectory);
                var relative = path.StartsWith(root, StringComparison.Ordinal) ? path[root.Length..] : null;
                var lines = file.Text.Replace("\r\n", "\n").Split('\n');
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
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
                    if (relative is not null)
                    {
                        writer.WriteString("uri", string.Join('/', relative.Split('/').Select(Uri.EscapeDataString)));
                        writer.WriteString("uriBaseId", SrcRoot);
                    }
                    else
                    {
                        writer.WriteString("uri", new Uri(path).AbsoluteUri);
                    }

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
                    writer.WriteStartObject("partialFingerprints");
                    writer.WriteString(FingerprintKey, Fingerprint(f, relative ?? path, lines, seen));
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WriteStartObject("properties");
            writer.WriteNumber("errors", results.Sum(r => r.Findings.Count(f => f.IsError)));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>The git work tree around <paramref name="directory"/>, else <paramref name="directory"/> itself.</summary>
    public static string SourceRoot(string directory) => Git.TopLevel(directory) ?? directory;

    private static void WriteTool(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "AgentSpec");
        writer.WriteString("fullName", "AgentSpec groups.yaml checker");
        writer.WriteString("informationUri", "https://github.com/agentspec/agentspec");
        var version = typeof(SarifWriter).Assembly.GetName().Version ?? new Version(1, 0, 0, 0);
        writer.WriteString("version", version.ToString(3));
        writer.WriteString("semanticVersion", version.ToString(3));
        writer.WriteStartArray("rules");
        foreach (var rule in Rules.All)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteString("name", string.Concat(rule.Title.Split(' ', '-', '\'', '(', ')', '.').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..])));
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title.EndsWith('.') ? rule.Title : rule.Title + ".");
            writer.WriteEndObject();
            writer.WriteStartObject("fullDescription");
            writer.WriteString("text", rule.FullDescription);
            writer.WriteEndObject();
            writer.WriteStartObject("help");
            writer.WriteString("text", rule.HelpText);
            writer.WriteString("markdown", rule.HelpMarkdown);
            writer.WriteEndObject();
            writer.WriteString("helpUri", rule.HelpLink);
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.Severity));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteString("category", rule.Category);
            writer.WriteStartArray("tags");
            writer.WriteStringValue("agentspec");
            if (rule.Protected)
            {
                writer.WriteStringValue("security");
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Rule, file, the text of the finding's line (trimmed) and which occurrence of that triple it is: stable when
    /// lines are added above, new when the offending line itself changes.
    /// </summary>
    private static string Fingerprint(Finding f, string file, string[] lines, Dictionary<string, int> seen)
    {
        var line = f.Span.StartLine < lines.Length ? lines[f.Span.StartLine].Trim() : string.Empty;
        var key = f.Id + "\n" + file + "\n" + line;
        seen[key] = seen.TryGetValue(key, out var n) ? n + 1 : 1;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key + "\n" + seen[key].ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
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

    public static string Level(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => "error",
        RuleSeverity.Warning => "warning",
        _ => "note",
    };
}
