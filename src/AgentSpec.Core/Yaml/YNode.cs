using System.Collections.Generic;
using AgentSpec.Diagnostics;

namespace AgentSpec.Yaml;

/// <summary>A YAML node with the span it came from. Aliases share the node they refer to.</summary>
internal abstract class YNode
{
    protected YNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    public abstract string KindName { get; }
}
