using System.Collections.Immutable;
using System.Text;
using AgentSpec.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace AgentSpec.Generators.Tests;

/// <summary>Reference assemblies from the installed SDK's targeting pack, so tests never download anything.</summary>
internal static class References
{
    public static readonly ImmutableArray<MetadataReference> Framework = Load();

    /// <summary>The model assembly that generated code references.</summary>
    public static readonly MetadataReference Core = MetadataReference.CreateFromFile(typeof(AgentSpec.Model.GroupPlan).Assembly.Location);

    private static ImmutableArray<MetadataReference> Load()
    {
        var dotnetRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location)))!;
        var packs = Path.Combine(Path.GetDirectoryName(dotnetRoot)!, "packs", "Microsoft.NETCore.App.Ref");
        var version = Environment.Version;
        var dir = Directory.GetDirectories(packs)
            .Where(d => Path.GetFileName(d).StartsWith($"{version.Major}.", StringComparison.Ordinal))
            .OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "ref", $"net{version.Major}.0"))
            .First(Directory.Exists);
        return Directory.GetFiles(dir, "*.dll").Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }
}

/// <summary>The Roslyn generator test harness, configured for groups.yaml and offline references.</summary>
internal sealed class GeneratorTest : CSharpSourceGeneratorTest<GroupsGenerator, DefaultVerifier>
{
    public const string GroupsPath = "/0/groups.yaml";

    public GeneratorTest(string yaml)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        TestState.AdditionalReferences.AddRange(References.Framework);
        TestState.AdditionalReferences.Add(References.Core);
        TestState.AdditionalFiles.Add((GroupsPath, SourceText.From(yaml, Encoding.UTF8)));
        TestState.Sources.Add("public static class Program { public static int Count => AgentSpec.Generated.CompiledGroups.All.Count; }");
    }

    public GeneratorTest WithGenerated(string source)
    {
        TestState.GeneratedSources.Add((typeof(GroupsGenerator), "CompiledGroups.g.cs", SourceText.From(source, Encoding.UTF8)));
        return this;
    }

    public GeneratorTest Expect(string id, int line, int column, int endLine, int endColumn, string message)
    {
        var severity = AgentSpec.Core.Diagnostics.Rules.Find(id)!.Severity switch
        {
            AgentSpec.Core.Diagnostics.RuleSeverity.Error => DiagnosticSeverity.Error,
            AgentSpec.Core.Diagnostics.RuleSeverity.Warning => DiagnosticSeverity.Warning,
            _ => DiagnosticSeverity.Info,
        };
        TestState.ExpectedDiagnostics.Add(new DiagnosticResult(id, severity).WithSpan(GroupsPath, line, column, endLine, endColumn).WithArguments(message));
        return this;
    }

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}

internal static class Baselines
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Baselines");

    private static readonly object UpdateLock = new();

    public static string Input(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Inputs", name));

    /// <summary>
    /// Reads a baseline. With AGENTSPEC_UPDATE_BASELINES=1 it writes the actual text into the source tree instead and
    /// fails the test: an update is reviewed (git diff) and then checked by a run without the variable, never a pass.
    /// </summary>
    public static string Read(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("AGENTSPEC_UPDATE_BASELINES") == "1")
        {
            var source = Path.Combine(RepositoryRoot(), "tests", "AgentSpec.Generators.Tests", "Baselines", name);
            bool changed;
            lock (UpdateLock)
            {
                // Several tests share a baseline and run in parallel: read and write one at a time.
                changed = !File.Exists(source) || File.ReadAllText(source) != actual;
                File.WriteAllText(source, actual);
            }

            Xunit.Assert.Fail($"AGENTSPEC_UPDATE_BASELINES=1: wrote {source} ({(changed ? "changed" : "unchanged")}). Review the diff, then run the tests again without the variable; an update run never passes.");
        }

        return File.ReadAllText(Path.Combine(Directory, name));
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentSpec.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AgentSpec.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Runs the generator directly (no harness) for output text and step tracking.</summary>
internal static class Driver
{
    public static (GeneratorDriver Driver, CSharpCompilation Compilation) Run(string yaml, bool track = true) =>
        Run(new InMemoryAdditionalText(GeneratorTest.GroupsPath, yaml), track);

    public static (GeneratorDriver Driver, CSharpCompilation Compilation) Run(AdditionalText groupsFile, bool track = true)
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText("public static class Program { }", path: "Program.cs")],
            References.Framework.Add(References.Core),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new GroupsGenerator().AsSourceGenerator()],
            [groupsFile],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));
        driver = driver.RunGenerators(compilation);
        return (driver, compilation);
    }

    /// <summary>Runs the generator on <paramref name="yaml"/>, compiles its output and loads CompiledGroups.All from the assembly.</summary>
    public static IReadOnlyList<AgentSpec.Model.GroupPlan> EmittedPlans(string yaml)
    {
        var (driver, compilation) = Run(yaml);
        var output = compilation.AddSyntaxTrees(driver.GetRunResult().GeneratedTrees);
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Xunit.Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        var assembly = System.Reflection.Assembly.Load(stream.ToArray());
        return (IReadOnlyList<AgentSpec.Model.GroupPlan>)assembly.GetType("AgentSpec.Generated.CompiledGroups")!.GetProperty("All")!.GetValue(null)!;
    }

    public static string GeneratedText(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
}

internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
