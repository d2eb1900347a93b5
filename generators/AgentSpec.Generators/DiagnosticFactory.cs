using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AgentSpec.Generators;

/// <summary>Turns the rule catalogue into Roslyn descriptors and findings into located diagnostics.</summary>
internal static class DiagnosticFactory
{
    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = Build();

    public static IReadOnlyDictionary<string, DiagnosticDescriptor> All => Descriptors;

    public static Diagnostic Create(LocatedFinding located)
    {
        var finding = located.Finding;
        var span = finding.Span;
        var location = Location.Create(
            located.Path,
            new TextSpan(span.Start, span.Length),
            new LinePositionSpan(new LinePosition(span.StartLine, span.StartColumn), new LinePosition(span.EndLine, span.EndColumn)));
        var descriptor = Descriptors[finding.Id];
        var severity = ToRoslyn(finding.Severity);
        return severity == descriptor.DefaultSeverity
            ? Diagnostic.Create(descriptor, location, finding.Message)
            : Diagnostic.Create(descriptor, location, severity, additionalLocations: null, properties: null, finding.Message);
    }

    private static DiagnosticSeverity ToRoslyn(RuleSeverity severity) => severity switch
    {
        RuleSeverity.Error => DiagnosticSeverity.Error,
        RuleSeverity.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Info,
    };

    private static Dictionary<string, DiagnosticDescriptor> Build()
    {
        var map = new Dictionary<string, DiagnosticDescriptor>();
        foreach (var rule in Rules.All)
        {
            var tags = rule.Protected
                ? new[] { "AgentSpec", WellKnownDiagnosticTags.NotConfigurable }
                : new[] { "AgentSpec" };
            map[rule.Id] = new DiagnosticDescriptor(
                rule.Id,
                rule.Title,
                "{0}",
                rule.Category,
                ToRoslyn(rule.Severity),
                isEnabledByDefault: true,
                description: rule.HelpText,
                helpLinkUri: rule.HelpLink,
                customTags: tags);
        }

        return map;
    }
}
