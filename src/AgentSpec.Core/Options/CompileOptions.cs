using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Options;

/// <summary>
/// How findings are graded after compiling: severity overrides per rule id. The generator fills it from the analyzer
/// options Roslyn gives it, `agentspec check` from the same .editorconfig/.globalconfig files read by
/// <see cref="AnalyzerConfig"/>; both then call <see cref="Apply(EquatableArray{Finding})"/>, so a build and a check
/// grade every finding alike. Protected rules are never in the list. Value-equatable.
/// </summary>
internal sealed record CompileOptions(EquatableArray<SeverityOverride> Overrides)
{
    /// <summary>The key the generator reads for groups.yaml: Roslyn keeps dotnet_diagnostic.* keys out of a generator's options.</summary>
    public const string AgentSpecKeyPrefix = "agentspec_diagnostic.";

    /// <summary>The key Roslyn itself applies to every diagnostic, but only from a global config (never from an .editorconfig section for groups.yaml).</summary>
    public const string DotnetKeyPrefix = "dotnet_diagnostic.";

    public static CompileOptions Default { get; } = new(EquatableArray<SeverityOverride>.Empty);

    /// <summary>
    /// Warnings become errors after the overrides, as MSBuild's TreatWarningsAsErrors makes the compiler do (the
    /// generator leaves that to Roslyn; `check --warnaserror` sets it, since check cannot evaluate a project file).
    /// </summary>
    public bool WarningsAsErrors { get; init; }

    /// <summary>
    /// Overrides from option lookups (key → value or null) with the given prefix ("agentspec_diagnostic." or
    /// "dotnet_diagnostic."), for the configurable rules only. Values as Roslyn reads them: error, warning,
    /// suggestion and silent (both shown as info here), none (dropped); default or anything else keeps the rule's own.
    /// </summary>
    public static CompileOptions Read(Func<string, string?> lookup, string prefix = AgentSpecKeyPrefix)
    {
        var items = new List<SeverityOverride>();
        foreach (var rule in Rules.All)
        {
            // Keys are case-insensitive, as in Roslyn's analyzer options; the lookup decides.
            if (!rule.Protected && lookup(prefix + rule.Id + ".severity") is { } value)
            {
                items.Add(new SeverityOverride(rule.Id, ParseSeverity(value, rule.Severity)));
            }
        }

        return items.Count == 0 ? Default : new CompileOptions(items.ToEquatableArray());
    }

    /// <summary>"error", "warning", "suggestion"/"silent" (info), "none" (null); anything else (e.g. "default") is <paramref name="fallback"/>.</summary>
    public static RuleSeverity? ParseSeverity(string value, RuleSeverity fallback) => value.Trim().ToLowerInvariant() switch
    {
        "error" => RuleSeverity.Error,
        "warning" => RuleSeverity.Warning,
        "suggestion" or "silent" => RuleSeverity.Info,
        "none" => null,
        _ => fallback,
    };

    /// <summary>
    /// These overrides, then <paramref name="later"/>'s on what is left: a finding these drop ('none') stays dropped,
    /// as a finding the generator never reports cannot be re-graded by Roslyn's global dotnet_diagnostic keys.
    /// </summary>
    public CompileOptions Then(CompileOptions later) =>
        new CompileOptions(Overrides.Concat(later.Overrides).ToEquatableArray()) { WarningsAsErrors = WarningsAsErrors || later.WarningsAsErrors };

    /// <summary>The severity a finding of <paramref name="id"/> gets; null when it is dropped ('none'). Protected rules keep theirs.</summary>
    public RuleSeverity? SeverityOf(string id, RuleSeverity severity)
    {
        if (Rules.Find(id) is { Protected: true })
        {
            return severity;
        }

        RuleSeverity? current = severity;
        foreach (var o in Overrides)
        {
            if (o.Id == id)
            {
                current = o.Severity;
                if (current is null)
                {
                    return null;
                }
            }
        }

        return WarningsAsErrors && current == RuleSeverity.Warning ? RuleSeverity.Error : current;
    }

    /// <summary>Re-grades configurable findings; 'none' removes them. The order is kept.</summary>
    public EquatableArray<Finding> Apply(EquatableArray<Finding> findings) =>
        Overrides.Count == 0 && !WarningsAsErrors ? findings : Apply(findings, f => f, (_, f) => f).ToEquatableArray();

    /// <summary>Re-grades items that carry a finding (the generator's located findings), keeping their order.</summary>
    /// <remarks>
    /// Any error stops every plan (the compiler emits none), so an error lowered below error would leave a build that
    /// passes with no groups at all. When that is the only kind of error left, AGS0008 (protected) is added at the
    /// first lowered error: a severity setting never changes what compiles silently.
    /// </remarks>
    public IEnumerable<T> Apply<T>(IEnumerable<T> items, Func<T, Finding> finding, Func<T, Finding, T> with)
    {
        var firstLowered = default(T);
        Finding? lowered = null;
        var errorKept = false;
        foreach (var item in items)
        {
            var f = finding(item);
            var severity = SeverityOf(f.Id, f.Severity);
            errorKept |= severity == RuleSeverity.Error;
            if (f.IsError && severity != RuleSeverity.Error && lowered is null)
            {
                (firstLowered, lowered) = (item, f);
            }

            if (severity is { } graded)
            {
                yield return graded == f.Severity ? item : with(item, f with { Severity = graded });
            }
        }

        if (lowered is not null && !errorKept)
        {
            yield return with(firstLowered!, Rules.LoweredErrorLeavesNoPlans.At(lowered.Span, lowered.Id, lowered.Message));
        }
    }
}
