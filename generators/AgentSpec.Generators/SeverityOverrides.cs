using AgentSpec.Core.Options;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentSpec.Generators;

/// <summary>
/// Fills Core's <see cref="CompileOptions"/> from the analyzer options Roslyn gives for groups.yaml (.editorconfig
/// sections that match it and global configs). `agentspec check` fills the same model from the same files
/// (<see cref="AnalyzerConfig"/>), so both grade findings alike.
/// </summary>
internal static class SeverityOverrides
{
    // Roslyn keeps dotnet_diagnostic.* keys to itself (it applies a global config's to every diagnostic, and an
    // .editorconfig section's to C# files only), so groups.yaml sections use the generator's own key.
    public static CompileOptions Read(AnalyzerConfigOptions options) =>
        CompileOptions.Read(key => options.TryGetValue(key, out var value) ? value : null);

    /// <summary>Re-grades configurable findings; 'none' removes them. Protected rules are never overridden.</summary>
    public static EquatableArray<LocatedFinding> Apply(EquatableArray<LocatedFinding> findings, CompileOptions options) =>
        options.Overrides.Count == 0
            ? findings
            : options.Apply(findings, f => f.Finding, (f, finding) => f with { Finding = finding }).ToEquatableArray();
}
