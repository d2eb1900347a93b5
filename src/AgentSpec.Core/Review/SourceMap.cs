using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>The lines of every group and the file policy: what a review needs besides the plans. Value-equatable.</summary>
internal sealed record SourceMap(EquatableArray<GroupLines> Groups, FilePolicy Policy)
{
    public static SourceMap Empty { get; } = new(EquatableArray<GroupLines>.Empty, FilePolicy.Default);

    public GroupLines? Group(string id) => Groups.FirstOrDefault(g => g.Id == id);

    internal static SourceMap From(CheckedFile checkedFile)
    {
        var file = checkedFile.Declaration;
        var groups = checkedFile.Groups
            .Where(c => c.IdentityValid && c.Declaration.Id is not null)
            .Select(c => Lines(c, file))
            .ToEquatableArray();
        var policy = new FilePolicy(file.NonMainReadOnly, Line(file.NonMainReadOnlyNode?.Span), file.NonMainProxy, Line(file.NonMainProxyNode?.Span))
        {
            NonMainEgress = file.NonMainEgress,
            NonMainEgressLine = Line(file.NonMainEgressNode?.Span),
            NonMainCredentials = file.NonMainCredentials,
            NonMainCredentialsLine = Line(file.NonMainCredentialsNode?.Span),
        };
        return new SourceMap(groups, policy);
    }

    /// <summary>Where the group's values are written: its own line, else the default's.</summary>
    private static GroupLines Lines(CheckedGroup checkedGroup, FileDeclaration file)
    {
        var g = checkedGroup.Declaration;
        return new GroupLines(
            g.Id!.Value,
            g.Id.Span.StartLine + 1,
            Line(g.Name?.Span),
            Line(g.Folder?.Span),
            Line(g.Main?.Span),
            Line(g.Image?.Span) ?? Line(file.DefaultImage?.Span),
            Line(g.User?.Span) ?? Line(file.DefaultUser?.Span),
            Line(g.Limits?.Pids?.Span) ?? Line(file.DefaultLimits?.Pids?.Span),
            Line(g.Limits?.Memory?.Span) ?? Line(file.DefaultLimits?.Memory?.Span),
            Line(g.Network?.Span) ?? Line(file.DefaultNetwork?.Span),
            g.Node.Get("skills") is { } skills ? Line(skills.Span) : null,
            checkedGroup.Mounts
                .Where(m => m.ContainerPath is not null)
                .Select(m => new MountLines(
                    AgentSpec.Model.HostManagedMounts.OperatorMountRoot + "/" + m.ContainerPath,
                    Line(m.Declaration.Node.Span)!.Value,
                    Line(m.Declaration.HostPath?.Span),
                    Line(m.Declaration.ContainerPath?.Span),
                    Line(m.Declaration.ReadOnly?.Span)))
                .ToEquatableArray(),
            g.Env.Select(e => new EnvLine(e.Name.Value, Line(e.Name.Span)!.Value)).ToEquatableArray())
        {
            TmpLine = Line(g.Limits?.Tmp?.Span) ?? Line(file.DefaultLimits?.Tmp?.Span),
            HomeLine = Line(g.Limits?.Home?.Span) ?? Line(file.DefaultLimits?.Home?.Span),
            LogsLine = Line(g.Limits?.Logs?.Span) ?? Line(file.DefaultLimits?.Logs?.Span),
            EgressLine = EgressRules.ListOf(g, file) is { } list ? Line(list.KeySpan) : null,
            Egress = (EgressRules.ListOf(g, file)?.Entries ?? System.Array.Empty<EgressDeclaration>())
                .Where(e => e.Host is not null)
                .Select(e => new EgressLine(
                    e.Host!.Value, e.Port is { } p && int.TryParse(p.Value, out var n) ? n : EgressRules.DefaultPort, Line(e.Host!.Span)!.Value))
                .ToEquatableArray(),
        };
    }

    private static int? Line(SourceSpan? span) => span is { } s ? s.StartLine + 1 : null;
}
