using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core;

/// <summary>
/// groups.yaml text → findings and plans. Pure: no I/O, no Roslyn. The generator and `agentspec check`
/// call exactly this, so they agree diagnostic for diagnostic. Never throws.
/// </summary>
internal static class GroupsCompiler
{
    /// <summary>Files beyond this size are refused before parsing (10,000 groups of five mounts are about 3 MB).</summary>
    public const int MaxFileLength = 32 * 1024 * 1024;

    public static CompileResult Compile(string text) => Compile(text, out _);

    /// <summary>Compiles and also says where each group, mount and policy is written, for `agentspec diff`.</summary>
    public static Review.ReviewInput CompileForReview(string text)
    {
        var result = Compile(text, out var file);
        return new Review.ReviewInput(result, file is null || result.HasErrors ? Review.SourceMap.Empty : Review.SourceMap.From(file));
    }

    private static CompileResult Compile(string text, out CheckedFile? file)
    {
        var findings = new List<Finding>();
        file = null;
        try
        {
            var plans = CompileCore(text ?? string.Empty, findings, out file);
            return Result(findings, plans, text?.Length ?? 0);
        }
        catch (Exception ex)
        {
            // A crash here would be CS8785/AD0001 in every build; refuse the file with a located report instead.
            findings.Add(Rules.InternalError.At(SourceSpan.FileStart, ex.GetType().Name + ": " + ex.Message));
            return Result(findings, Array.Empty<GroupPlan>(), text?.Length ?? 0);
        }
    }

    private static CompileResult Result(List<Finding> findings, IReadOnlyList<GroupPlan> plans, int length)
    {
        var ordered = findings
            .Select(f => f with { Span = f.Span.ClampTo(length) })
            .OrderBy(f => f.Span.Start)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToEquatableArray();
        var hasErrors = ordered.Any(f => f.IsError);
        return new CompileResult(ordered, hasErrors ? EquatableArray<GroupPlan>.Empty : plans.ToEquatableArray());
    }

    private static IReadOnlyList<GroupPlan> CompileCore(string text, List<Finding> findings, out CheckedFile? declaration)
    {
        declaration = null;
        if (text.Length > MaxFileLength)
        {
            findings.Add(Rules.ExpansionLimit.At(SourceSpan.FileStart, "groups.yaml is " + text.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters, more than the limit of " + MaxFileLength.ToString("N0", CultureInfo.InvariantCulture)));
            return Array.Empty<GroupPlan>();
        }

        var read = YamlReader.Read(text);
        findings.AddRange(read.Findings);
        if (read.Root is null || read.Findings.Any(f => f.Id == Rules.YamlSyntax.Id))
        {
            return Array.Empty<GroupPlan>();
        }

        if (read.Root is not YMapping root)
        {
            findings.Add(Rules.WrongType.At(read.Root.Span, "groups.yaml", "a mapping with 'version' and 'groups'", read.Root.KindName, string.Empty));
            return Array.Empty<GroupPlan>();
        }

        findings.AddRange(SchemaValidator.Validate(root));

        var file = DeclarationReader.Read(root, findings);
        var checkedFile = GroupRules.Check(file);
        declaration = checkedFile;
        findings.AddRange(checkedFile.Findings);

        return checkedFile.Groups.Where(g => g.IdentityValid).Select(g => ToPlan(g, file)).ToArray();
    }

    /// <summary>The one place a plan is built: the checked group, with the file's defaults for what it leaves out.</summary>
    private static GroupPlan ToPlan(CheckedGroup checkedGroup, FileDeclaration file)
    {
        var group = checkedGroup.Declaration;
        var operatorMounts = checkedGroup.Mounts
            .Where(m => m.IsUsable)
            .Select(m => new Mount(
                m.ContainerPath!,
                m.HostPath!,
                HostManagedMounts.OperatorMountRoot + "/" + m.ContainerPath,
                m.Declaration.IsReadOnly,
                MountOrigin.Operator));
        var plan = GroupPlan.Create(
            group.Id!.Value,
            group.Name?.Value ?? group.Id.Value,
            group.Folder!.Value,
            group.IsMain,
            group.Image?.Value ?? file.DefaultImage?.Value ?? string.Empty,
            // Unsafe or repeated skills are errors (AGS0418, AGS0419) that drop every plan; left out here so building the plan cannot fail.
            group.Skills?.Where(SkillMounts.IsSafeName).Distinct(StringComparer.Ordinal),
            group.Env.Select(e => new EnvVar(e.Name.Value, e.Value.Value)),
            operatorMounts,
            ContainerRules.UserOf(group, file),
            ContainerRules.LimitsOf(group, file),
            ContainerRules.NetworkOf(group, file));
        return plan with
        {
            Egress = EgressRules.EgressOf(group, file),
            EgressFromDefaults = EgressRules.InheritsDefaults(group, file),
            Agent = AgentRules.SettingsOf(group, file),
        };
    }
}
