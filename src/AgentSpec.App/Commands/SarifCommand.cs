using System.CommandLine;
using System.Text.Json;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.App.Commands;

/// <summary>
/// agentspec sarif ERRORLOG...: the AgentSpec results of a build's ErrorLog (`dotnet build -p:ErrorLog=build.sarif%2Cversion=2.1`)
/// rewritten as the SARIF `check --format sarif` writes, which code scanning accepts. The compiler's own log cannot be:
/// Roslyn writes no rule `help` (GitHub's GH2012) and names the C# compiler as the tool.
/// </summary>
internal static class SarifCommand
{
    public static Command Create(CliContext context)
    {
        var logs = new Argument<string[]>("errorlog") { Description = "SARIF 2.1 files written by the build's ErrorLog.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--output", "-o") { Description = "Write the SARIF here instead of standard output." };
        var command = new Command("sarif", "Rewrite the AgentSpec results (AGS####) of a build's ErrorLog as SARIF that GitHub code scanning accepts: each "
            + "rule with its help, paths relative to the git work tree (%SRCROOT%), fingerprints. The build's levels (after .editorconfig) are kept; other "
            + "compilers' results are left out and counted on standard error.")
        {
            logs, output,
        };
        command.SetAction(parse =>
        {
            var byFile = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
            var others = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var log in parse.GetValue(logs) ?? [])
            {
                Read(context, log, byFile, others);
            }

            var results = byFile.Select(pair => (File: FileText(pair.Key), Findings: (IReadOnlyList<Finding>)pair.Value)).ToList();
            var target = parse.GetValue(output);
            using (var writer = target is null ? null : new StreamWriter(context.FullPath(target)))
            {
                SarifWriter.Write(writer ?? context.Out, results, SarifWriter.SourceRoot(context.WorkingDirectory), context.WorkingDirectory);
            }

            if (others.Count > 0)
            {
                context.Error.WriteLine($"agentspec: left out {others.Values.Sum()} result(s) of other analyzers "
                    + $"({string.Join(", ", others.Select(o => o.Key + " x" + o.Value))}); upload the ErrorLog itself if you want them in code scanning");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Read(CliContext context, string log, Dictionary<string, List<Finding>> byFile, SortedDictionary<string, int> others)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(GroupsFiles.Read(context, log).Text);
        }
        catch (JsonException ex)
        {
            throw new CliException($"'{log}' is not JSON ({ex.Message}); pass the file the build wrote with "
                + "-p:ErrorLog=build.sarif%2Cversion=2.1", ExitCodes.Usage);
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("version", out var version)
                || version.GetString() != "2.1.0"
                || !document.RootElement.TryGetProperty("runs", out var runs))
            {
                throw new CliException($"'{log}' is not a SARIF 2.1.0 log; build with -p:ErrorLog=build.sarif%2Cversion=2.1 "
                    + "(version 1 logs are not read)", ExitCodes.Usage);
            }

            foreach (var run in runs.EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var results))
                {
                    continue;
                }

                foreach (var result in results.EnumerateArray())
                {
                    var id = result.TryGetProperty("ruleId", out var rid) ? rid.GetString() ?? string.Empty : string.Empty;
                    if (Rules.Find(id) is null || !TryLocation(result, out var path, out var span))
                    {
                        others[id.Length == 0 ? "?" : id] = others.TryGetValue(id, out var n) ? n + 1 : 1;
                        continue;
                    }

                    var level = result.TryGetProperty("level", out var l) ? l.GetString() : "warning";
                    var severity = level == "error" ? RuleSeverity.Error : level == "warning" ? RuleSeverity.Warning : RuleSeverity.Info;
                    var message = result.GetProperty("message").GetProperty("text").GetString() ?? string.Empty;
                    if (!byFile.TryGetValue(path, out var list))
                    {
                        byFile[path] = list = [];
                    }

                    var finding = new Finding(id, severity, message, span);
                    if (!list.Contains(finding))
                    {
                        list.Add(finding);
                    }
                }
            }
        }
    }

    private static bool TryLocation(JsonElement result, out string path, out SourceSpan span)
    {
        path = string.Empty;
        span = SourceSpan.FileStart;
        if (!result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0
            || !locations[0].TryGetProperty("physicalLocation", out var physical)
            || !physical.TryGetProperty("artifactLocation", out var artifact) || !artifact.TryGetProperty("uri", out var uri)
            || !Uri.TryCreate(uri.GetString(), UriKind.Absolute, out var parsed) || !parsed.IsFile)
        {
            return false;
        }

        path = parsed.LocalPath;
        if (physical.TryGetProperty("region", out var region))
        {
            int Get(string name, int fallback) => region.TryGetProperty(name, out var v) ? v.GetInt32() : fallback;
            var startLine = Get("startLine", 1);
            var startColumn = Get("startColumn", 1);
            span = new SourceSpan(0, 0, startLine - 1, startColumn - 1, Get("endLine", startLine) - 1, Get("endColumn", startColumn) - 1);
        }

        return true;
    }

    /// <summary>The file as it is now, for fingerprints; a file gone since the build still gets its results, fingerprinted without its text.</summary>
    private static GroupsFileText FileText(string path)
    {
        try
        {
            return new GroupsFileText(path, File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new GroupsFileText(path, string.Empty, path);
        }
    }
}
