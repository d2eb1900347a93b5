using System.Collections.Generic;
using System.Linq;
using AgentSpec.Checks;
using AgentSpec.Diagnostics;

namespace AgentSpec.Review
{
    /// <summary>Where one operator mount is declared (1-based lines; null when the key is not written). Value-equatable.</summary>
    internal sealed record MountLines(string ContainerPath, int Line, int? HostPathLine, int? ContainerPathLine, int? ReadOnlyLine);

    /// <summary>Where an environment variable of a group is declared.</summary>
    internal sealed record EnvLine(string Name, int Line);

    /// <summary>
    /// Where one group and its settings are declared (1-based lines). A setting the group does not write itself
    /// points at the defaults line it inherits, or is null. Value-equatable.
    /// </summary>
    internal sealed record GroupLines(
        string Id,
        int Line,
        int? NameLine,
        int? FolderLine,
        int? MainLine,
        int? ImageLine,
        int? UserLine,
        int? PidsLine,
        int? MemoryLine,
        int? NetworkLine,
        int? SkillsLine,
        EquatableArray<MountLines> Mounts,
        EquatableArray<EnvLine> Env)
    {
        public MountLines? Mount(string containerPath) => Mounts.FirstOrDefault(m => m.ContainerPath == containerPath);

        public int? EnvAt(string name) => Env.FirstOrDefault(e => e.Name == name)?.Line;

        /// <summary>Where limits.tmp is written (or the defaults line it inherits).</summary>
        public int? TmpLine { get; init; }

        /// <summary>Where limits.home is written (or the defaults line it inherits).</summary>
        public int? HomeLine { get; init; }

        /// <summary>Where limits.logs is written (or the defaults line it inherits).</summary>
        public int? LogsLine { get; init; }
    }

    /// <summary>The file-wide policy switches of groups.yaml (the 'policy' mapping) and their lines.</summary>
    internal sealed record FilePolicy(bool NonMainReadOnly, int? NonMainReadOnlyLine, bool NonMainProxy, int? NonMainProxyLine)
    {
        /// <summary>The defaults when groups.yaml has no policy mapping (and when there is no file at all).</summary>
        public static FilePolicy Default { get; } = new(true, null, false, null);
    }

    /// <summary>The lines of every group and the file policy: what a review needs besides the plans. Value-equatable.</summary>
    internal sealed record SourceMap(EquatableArray<GroupLines> Groups, FilePolicy Policy)
    {
        public static SourceMap Empty { get; } = new(EquatableArray<GroupLines>.Empty, FilePolicy.Default);

        public GroupLines? Group(string id) => Groups.FirstOrDefault(g => g.Id == id);

        internal static SourceMap From(FileDeclaration file)
        {
            var groups = file.Groups
                .Where(g => g.IdentityValid && g.Id is not null)
                .Select(g => new GroupLines(
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
                    g.Mounts
                        .Where(m => m.NormalizedContainerPath is not null)
                        .Select(m => new MountLines(
                            Model.HostManagedMounts.OperatorMountRoot + "/" + m.NormalizedContainerPath,
                            Line(m.Node.Span)!.Value,
                            Line(m.HostPath?.Span),
                            Line(m.ContainerPath?.Span),
                            Line(m.ReadOnly?.Span)))
                        .ToEquatableArray(),
                    g.Env.Select(e => new EnvLine(e.Name.Value, Line(e.Name.Span)!.Value)).ToEquatableArray())
                {
                    TmpLine = Line(g.Limits?.Tmp?.Span) ?? Line(file.DefaultLimits?.Tmp?.Span),
                    HomeLine = Line(g.Limits?.Home?.Span) ?? Line(file.DefaultLimits?.Home?.Span),
                    LogsLine = Line(g.Limits?.Logs?.Span) ?? Line(file.DefaultLimits?.Logs?.Span),
                })
                .ToEquatableArray();
            var policy = new FilePolicy(file.NonMainReadOnly, Line(file.NonMainReadOnlyNode?.Span), file.NonMainProxy, Line(file.NonMainProxyNode?.Span));
            return new SourceMap(groups, policy);
        }

        private static int? Line(SourceSpan? span) => span is { } s ? s.StartLine + 1 : null;
    }

    /// <summary>One side of a review: what groups.yaml compiles to, and where each part of it is written.</summary>
    internal sealed record ReviewInput(CompileResult Result, SourceMap Sources)
    {
        /// <summary>No file at all (e.g. groups.yaml is new in the head): no groups, the default policy.</summary>
        public static ReviewInput None { get; } = new(new CompileResult(EquatableArray<Finding>.Empty, EquatableArray<Model.GroupPlan>.Empty), SourceMap.Empty);
    }
}
