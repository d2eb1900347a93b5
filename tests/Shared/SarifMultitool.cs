using System.Diagnostics;
using System.Text.Json;

namespace AgentSpec.TestSupport;

/// <summary>
/// Microsoft's SARIF Multitool, installed by .ci/sarif-multitool.sh into artifacts/sarif-multitool/ (test.sh runs it).
/// Missing, it fails the test with the command that installs it: a SARIF check that silently skipped would prove nothing.
/// </summary>
public static class SarifMultitool
{
    public static string Locate(string repositoryRoot)
    {
        var folder = Path.Join(repositoryRoot, "artifacts", "sarif-multitool", "node_modules", "@microsoft", "sarif-multitool-linux");
        var tool = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "Sarif.Multitool", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        Xunit.Assert.True(tool is not null, $"The SARIF Multitool is not installed under {folder}. Run `bash .ci/sarif-multitool.sh` (test.sh does) and run the tests again.");
        return tool!;
    }

    /// <summary>
    /// Runs `validate --rule-kind "Sarif;Gh" --level "Error;Warning"` on <paramref name="sarifFile"/> and returns every
    /// result it reports as "RULE: message (where)"; empty means GitHub code scanning's rules accept the file.
    /// </summary>
    public static IReadOnlyList<string> Validate(string repositoryRoot, string sarifFile)
    {
        var tool = Locate(repositoryRoot);
        var output = Path.Join(Path.GetDirectoryName(sarifFile)!, Path.GetFileNameWithoutExtension(sarifFile) + ".validation.sarif");
        File.Delete(output);
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "validate", sarifFile, "--rule-kind", "Sarif;Gh", "--level", "Error;Warning", "-o", output })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Xunit.Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the SARIF Multitool did not finish in 2 minutes");
        Xunit.Assert.True(File.Exists(output), $"the SARIF Multitool wrote no report (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        using var report = JsonDocument.Parse(File.ReadAllText(output));
        var problems = new List<string>();
        foreach (var run in report.RootElement.GetProperty("runs").EnumerateArray())
        {
            // Errors of the tool itself (a file it could not read) are notifications, not results: they count too.
            if (run.TryGetProperty("invocations", out var invocations))
            {
                foreach (var invocation in invocations.EnumerateArray())
                {
                    if (invocation.TryGetProperty("toolExecutionNotifications", out var notes))
                    {
                        problems.AddRange(notes.EnumerateArray()
                            .Where(n => n.TryGetProperty("level", out var l) && l.GetString() == "error")
                            .Select(n => "tool: " + n.GetProperty("message").GetProperty("text").GetString()));
                    }
                }
            }

            if (run.TryGetProperty("results", out var results))
            {
                problems.AddRange(results.EnumerateArray().Select(r =>
                    r.GetProperty("ruleId").GetString() + ": " + r.GetProperty("message").GetRawText()));
            }
        }

        return problems;
    }
}
