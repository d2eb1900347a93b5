using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AgentSpec.Benchmarks;

/// <summary>A small C# compilation with groups.yaml as an AdditionalFile, and the generator driven over it.</summary>
public sealed class GeneratorRig
{
    /// <summary>The generator's tracking names (AgentSpec.Generators.TrackingNames is internal).</summary>
    public static readonly string[] TrackingNames = { "Files", "Compiled", "Collected", "Diagnostics", "Plans" };

    private const string ProgramSource = """
        namespace Host
        {
            public static class Program
            {
                public static int Main() => AgentSpec.Generated.CompiledGroups.All.Count > 0 ? 0 : 1;
            }
        }
        """;

    private const string UnrelatedSource = """
        namespace Host
        {
            /// <summary>A file the benchmark edits; nothing in it concerns groups.yaml.</summary>
            public static class Unrelated
            {
                public static int Answer() => 42;
            }
        }
        """;

    private static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private readonly AdditionalText _file;

    public GeneratorRig(string groupsYaml)
    {
        _file = new InMemoryAdditionalText("/repo/groups.yaml", groupsYaml);
        var references = new[]
        {
            typeof(object).Assembly.Location,
            Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "System.Runtime.dll"),
            typeof(AgentSpec.Core.GroupsCompiler).Assembly.Location,
        }.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
        Compilation = CSharpCompilation.Create(
            "Host",
            new[]
            {
                CSharpSyntaxTree.ParseText(ProgramSource, ParseOptions, path: "Program.cs"),
                CSharpSyntaxTree.ParseText(UnrelatedSource, ParseOptions, path: "Unrelated.cs"),
            },
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
    }

    public CSharpCompilation Compilation { get; }

    public GeneratorDriver NewDriver(bool trackSteps) => CSharpGeneratorDriver.Create(
        new[] { new AgentSpec.Generators.GroupsGenerator().AsSourceGenerator() },
        additionalTexts: new[] { _file },
        parseOptions: ParseOptions,
        optionsProvider: null,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>A fresh driver's whole run: read, compile, diagnose, emit, parse the emitted C#.</summary>
    public GeneratorDriver FullRun() => NewDriver(trackSteps: false).RunGenerators(Compilation);

    /// <summary>The compilation with Unrelated.cs replaced by an edited copy (a different edit each time).</summary>
    public CSharpCompilation WithUnrelatedEdit(int edit)
    {
        var old = Compilation.SyntaxTrees.Single(t => t.FilePath == "Unrelated.cs");
        var text = UnrelatedSource.Replace("=> 42;", $"=> {edit}; // edit {edit}", StringComparison.Ordinal);
        return Compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, ParseOptions, path: "Unrelated.cs"));
    }

    /// <summary>Step name → the reasons of all its outputs, from a run with step tracking.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<IncrementalStepRunReason>> StepReasons(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        return result.TrackedSteps.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyList<IncrementalStepRunReason>)kv.Value.SelectMany(step => step.Outputs).Select(o => o.Reason).ToArray());
    }

    public static (int Errors, int Warnings, int Sources, string? Generated) Summarize(GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException("The generator threw.", result.Exception);
        }

        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        return (errors, warnings, result.GeneratedSources.Length, result.GeneratedSources.FirstOrDefault().SourceText?.ToString());
    }

    public static SyntaxTree ParseGenerated(string text) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: "CompiledGroups.g.cs");

    private sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
