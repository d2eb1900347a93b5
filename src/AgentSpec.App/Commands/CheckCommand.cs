using System.CommandLine;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.App.Commands;

/// <summary>
/// agentspec check [FILE...] [--format text|json|sarif]: the generator's rules without a build, for pre-commit hooks
/// and CI steps. Same compiler, same messages, same locations and, from the same .editorconfig/.globalconfig files,
/// the same severities as `dotnet build`, so both pass or fail together.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "groups.yaml files to check (default: ./groups.yaml); '-' reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var format = new Option<string>("--format") { Description = "Output format: text (compiler style), json, or sarif (SARIF 2.1.0 for code scanning, "
            + "paths relative to the git work tree).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "sarif");
        var json = CommonOptions.Json("Print the findings as JSON (the same as --format json; schemas/check.schema.json).");
        var warnAsError = new Option<bool>("--warnaserror") { Description = "Report warnings as errors, as a build with TreatWarningsAsErrors=true does (the "
            + "agentspec-host template sets it)." };
        var command = new Command("check", "Check groups.yaml files against the schema and rule catalogue without building, with the severities .editorconfig "
            + "and .globalconfig set for them (as the build applies them). Exits 1 when any error is found (as the build would fail), "
            + "2 when a file cannot be read.")
        {
            files, format, json, warnAsError,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(files) is { Length: > 0 } given ? given : [GroupsFiles.DefaultFile];
            if (names.Count(n => n == GroupsFiles.Stdin) > 1)
            {
                throw new CliException("'-' (standard input) can be given only once", ExitCodes.Usage);
            }

            // Every file is read before anything is printed: a usage error never leaves half a report behind.
            var texts = names.Select(n => GroupsFiles.Read(context, n)).ToList();
            var results = texts.Select(t => (File: t, Findings: GroupsFiles.Compile(context, t, parse.GetValue(warnAsError)).Findings)).ToList();

            switch (parse.GetValue(json) ? "json" : parse.GetValue(format))
            {
                case "json":
                    FindingsWriter.WriteJson(context.Out, results.Select(r => (r.File.DisplayName, r.Findings)).ToList());
                    break;
                case "sarif":
                    SarifWriter.Write(context.Out, results, SarifWriter.SourceRoot(context.WorkingDirectory), context.WorkingDirectory);
                    break;
                default:
                    foreach (var (file, findings) in results)
                    {
                        foreach (var finding in findings)
                        {
                            context.Out.WriteLine(context.Colours.Finding(finding.Format(file.DisplayName), toError: false));
                        }
                    }

                    var errors = results.Sum(r => r.Findings.Count(f => f.IsError));
                    var warnings = results.Sum(r => r.Findings.Count(f => f.Severity == RuleSeverity.Warning));
                    context.Error.WriteLine($"{results.Count} file(s) checked: {errors} error(s), {warnings} warning(s)");
                    break;
            }

            return results.Any(r => r.Findings.Any(f => f.IsError)) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }
}
