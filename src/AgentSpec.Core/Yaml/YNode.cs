using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Yaml;

/// <summary>A YAML node with the span it came from. Aliases share the node they refer to.</summary>
internal abstract class YNode
{
    protected YNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    public abstract string KindName { get; }
}
