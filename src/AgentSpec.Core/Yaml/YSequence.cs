using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Yaml;

internal sealed class YSequence : YNode
{
    public YSequence(SourceSpan span, IReadOnlyList<YNode> items)
        : base(span) => Items = items;

    public IReadOnlyList<YNode> Items { get; }

    public override string KindName => "a list";
}
