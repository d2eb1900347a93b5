using System.CommandLine;
using AgentSpec.Diagnostics;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// agentspec check FILE... [--format text|json|sarif]: the generator's rules without a build, for
/// pre-commit hooks and CI steps. Same compiler, same messages, same locations as `dotnet build`.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "groups.yaml files to check.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output format: text (compiler style), json or sarif (SARIF 2.1.0).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var command = new Command("check", "Check groups.yaml files against the schema and rule catalogue without building. Exits 1 when any error is found.")
        {
            files, format,
        };
        command.SetAction(parse =>
        {
            var results = new List<(string File, IReadOnlyList<Finding> Findings)>();
            foreach (var file in parse.GetValue(files) ?? [])
            {
                string text;
                try
                {
                    text = File.ReadAllText(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new CliException($"cannot read '{file}': {ex.Message}");
                }

                results.Add((file, GroupsCompiler.Compile(text).Findings.AsImmutableArray()));
            }

            switch (parse.GetValue(format))
            {
                case "json":
                    FindingsWriter.WriteJson(Console.Out, results);
                    break;
                case "sarif":
                    FindingsWriter.WriteSarif(Console.Out, results);
                    break;
                default:
                    foreach (var (file, findings) in results)
                    {
                        foreach (var finding in findings)
                        {
                            Console.Out.WriteLine(finding.Format(file));
                        }
                    }

                    var errors = results.Sum(r => r.Findings.Count(f => f.IsError));
                    var warnings = results.Sum(r => r.Findings.Count(f => f.Severity == RuleSeverity.Warning));
                    Console.Error.WriteLine($"{results.Count} file(s) checked: {errors} error(s), {warnings} warning(s)");
                    break;
            }

            return results.Any(r => r.Findings.Any(f => f.IsError)) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }
}
