using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Yaml;

internal sealed class YScalar : YNode
{
    public YScalar(SourceSpan span, string value, YScalarKind kind, bool isMergeKey = false)
        : base(span)
    {
        Value = value;
        Kind = kind;
        IsMergeKey = isMergeKey;
    }

    public string Value { get; }

    public YScalarKind Kind { get; }

    /// <summary>
    /// A YAML 1.1 merge key: a plain (unquoted) '&lt;&lt;' or a scalar tagged !!merge. A quoted "&lt;&lt;" is an
    /// ordinary key, as in the merge-key spec and every other YAML tool.
    /// </summary>
    public bool IsMergeKey { get; }

    public override string KindName => Kind switch
    {
        YScalarKind.Null => "null",
        YScalarKind.Bool => "a boolean",
        YScalarKind.Int => "an integer",
        YScalarKind.Float => "a number",
        _ => "a string",
    };
}
