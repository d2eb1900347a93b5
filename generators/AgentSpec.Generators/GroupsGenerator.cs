using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using AgentSpec.Core;

namespace AgentSpec.Generators;

/// <summary>
/// Compiles groups.yaml (an AdditionalFile) into strongly typed plans. Pipeline, after the Configuration
/// Binder generator: file text → <see cref="GroupsCompiler"/> (pure, value-equatable result) → diagnostics
/// in their own output, plans in another. Edits to C# files never reach the compile step.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GroupsGenerator : IIncrementalGenerator
{
    public const string FileName = "groups.yaml";

    /// <summary>The AdditionalFiles metadata the AgentSpec package's props set on the file AgentSpecGroupsFile names.</summary>
    public const string MarkerMetadata = "AgentSpecGroups";

    /// <summary>The MSBuild property (made compiler-visible by the package's props) with the absolute path of the expected groups file.</summary>
    public const string ExpectedPathProperty = "AgentSpecGroupsPath";

    /// <summary>The project's folder (made compiler-visible by the package's targets): the compiled file is recorded relative to it.</summary>
    public const string ProjectDirectoryProperty = "MSBuildProjectDirectory";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var groupsFiles = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsGroupsFile(pair.Left, pair.Right))
            .Select(static (pair, _) => pair.Left);
        var files = groupsFiles
            .Select(static (file, ct) => new GroupsFile(file.Path, file.GetText(ct)?.ToString()))
            .WithTrackingName(TrackingNames.Files);

        // The path the AgentSpec package's build props expect (AgentSpecGroupsFile, made absolute); null without the package.
        var expected = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property." + ExpectedPathProperty, out var path) && !string.IsNullOrWhiteSpace(path) ? path.Trim() : null);

        var projectDirectory = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property." + ProjectDirectoryProperty, out var dir) && !string.IsNullOrWhiteSpace(dir) ? dir.Trim() : null);

        var compiled = files
            .Select(static (file, _) => new CompiledFile(file.Path, file.Text is null ? null : GroupsCompiler.Compile(file.Text)))
            .WithTrackingName(TrackingNames.Compiled);

        var all = compiled.Collect()
            .Combine(expected)
            .Select(static (pair, _) => new CompiledFiles(pair.Left.ToEquatableArray(), pair.Right))
            .WithTrackingName(TrackingNames.Collected);

        // dotnet_diagnostic.AGS####.severity from .editorconfig sections that match groups.yaml. Roslyn applies
        // .editorconfig only to C# files, so the generator reads it for its own file; protected rules ignore it.
        var severities = groupsFiles
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, _) => SeverityOverrides.Read(pair.Right.GetOptions(pair.Left)))
            .Collect()
            .Select(static (all, _) => all.IsEmpty ? Core.Options.CompileOptions.Default : all[0])
            .WithTrackingName(TrackingNames.Severities);

        var diagnostics = all
            .Select(static (results, _) => DiagnosticsOf(results))
            .Combine(severities)
            .Select(static (pair, _) => SeverityOverrides.Apply(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, findings) =>
        {
            foreach (var finding in findings)
            {
                spc.ReportDiagnostic(DiagnosticFactory.Create(finding));
            }
        });

        var plans = all
            .Combine(projectDirectory)
            .Select(static (pair, _) => PlansOf(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Plans);
        context.RegisterSourceOutput(plans, static (spc, model) =>
        {
            if (model is not null)
            {
                spc.AddSource("CompiledGroups.g.cs", PlanEmitter.Emit(model));
            }
        });
    }

    /// <summary>
    /// The groups file: the one the AgentSpec package's props marked (AgentSpecGroups metadata, from the
    /// AgentSpecGroupsFile property), or, in projects that add it by hand, any AdditionalFile named groups.yaml.
    /// </summary>
    private static bool IsGroupsFile(AdditionalText file, AnalyzerConfigOptionsProvider options) =>
        (options.GetOptions(file).TryGetValue("build_metadata.AdditionalFiles." + MarkerMetadata, out var marked)
            && string.Equals(marked.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        || string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase);

    private static EquatableArray<LocatedFinding> DiagnosticsOf(CompiledFiles compiled)
    {
        var results = compiled.Files;
        if (results.Count == 0 && compiled.ExpectedPath is { } expectedPath)
        {
            return new[] { new LocatedFinding(expectedPath, Core.Diagnostics.Rules.NoGroupsFile.At(Core.Diagnostics.SourceSpan.FileStart, expectedPath)) }.ToEquatableArray();
        }

        var ordered = results.OrderBy(r => r.Path, StringComparer.Ordinal).ToArray();
        var list = ordered.SelectMany(r => r.Result is null
            ? new[] { new LocatedFinding(r.Path, Core.Diagnostics.Rules.InternalError.At(Core.Diagnostics.SourceSpan.FileStart, "the file could not be read")) }
            : r.Result.Findings.Select(f => new LocatedFinding(r.Path, f))).ToList();
        for (var i = 1; i < ordered.Length; i++)
        {
            list.Add(new LocatedFinding(ordered[i].Path, Core.Diagnostics.Rules.MultipleFiles.At(Core.Diagnostics.SourceSpan.FileStart, ordered[0].Path)));
        }

        return list.ToEquatableArray();
    }

    private static PlansModel? PlansOf(CompiledFiles compiled, string? projectDirectory)
    {
        var results = compiled.Files;
        if (results.Count == 0 && compiled.ExpectedPath is { } expectedPath)
        {
            // AGS0007 is reported; an empty index keeps it the only error of the build.
            return new PlansModel(Path.GetFileName(expectedPath), EquatableArray<Model.GroupPlan>.Empty, SourcePath.Relative(projectDirectory, expectedPath));
        }

        if (results.Count != 1 || results[0].Result is not { } result)
        {
            return null;
        }

        // With errors the index is still emitted, empty, so the only errors a build shows are the AGS ones.
        return new PlansModel(Path.GetFileName(results[0].Path), result.Plans, SourcePath.Relative(projectDirectory, results[0].Path));
    }
}
