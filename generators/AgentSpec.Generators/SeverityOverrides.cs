using System.Collections.Generic;
using System.Linq;
using AgentSpec.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentSpec.Generators
{
    /// <summary>Severity settings for configurable rules, read from the .editorconfig options of groups.yaml. Value-equatable.</summary>
    internal sealed record SeverityOverrides(EquatableArray<SeverityOverride> Items)
    {
        public static readonly SeverityOverrides None = new(EquatableArray<SeverityOverride>.Empty);

        public static SeverityOverrides Read(AnalyzerConfigOptions options)
        {
            var items = new List<SeverityOverride>();
            foreach (var rule in Rules.All)
            {
                // Roslyn keeps dotnet_diagnostic.* keys to itself (it applies them to C# files only), so groups.yaml
                // sections use the generator's own key with the same values.
                if (rule.Protected || !(options.TryGetValue($"agentspec_diagnostic.{rule.Id}.severity", out var value)
                    || options.TryGetValue($"dotnet_diagnostic.{rule.Id}.severity", out value)))
                {
                    continue;
                }

                RuleSeverity? severity = value.Trim().ToLowerInvariant() switch
                {
                    "error" => RuleSeverity.Error,
                    "warning" => RuleSeverity.Warning,
                    "suggestion" or "silent" => RuleSeverity.Info,
                    "none" => null,
                    _ => rule.Severity,
                };
                items.Add(new SeverityOverride(rule.Id, severity));
            }

            return items.Count == 0 ? None : new SeverityOverrides(items.ToEquatableArray());
        }

        /// <summary>Re-grades configurable findings; 'none' removes them. Protected rules are never in the list.</summary>
        public static EquatableArray<LocatedFinding> Apply(EquatableArray<LocatedFinding> findings, SeverityOverrides overrides)
        {
            if (overrides.Items.Count == 0)
            {
                return findings;
            }

            var map = overrides.Items.ToDictionary(o => o.Id, o => o.Severity);
            return findings
                .Where(f => !map.TryGetValue(f.Finding.Id, out var s) || s is not null)
                .Select(f => map.TryGetValue(f.Finding.Id, out var s) ? f with { Finding = f.Finding with { Severity = s!.Value } } : f)
                .ToEquatableArray();
        }
    }

    internal sealed record SeverityOverride(string Id, RuleSeverity? Severity);
}
