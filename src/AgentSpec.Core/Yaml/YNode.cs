using System.Collections.Generic;
using AgentSpec.Diagnostics;

namespace AgentSpec.Yaml
{
    internal enum YScalarKind
    {
        Null,
        Bool,
        Int,
        Float,
        String,
    }

    /// <summary>A YAML node with the span it came from. Aliases share the node they refer to.</summary>
    internal abstract class YNode
    {
        protected YNode(SourceSpan span) => Span = span;

        public SourceSpan Span { get; }

        public abstract string KindName { get; }
    }

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

    internal sealed class YSequence : YNode
    {
        public YSequence(SourceSpan span, IReadOnlyList<YNode> items)
            : base(span) => Items = items;

        public IReadOnlyList<YNode> Items { get; }

        public override string KindName => "a list";
    }

    internal sealed class YMapping : YNode
    {
        public YMapping(SourceSpan span, IReadOnlyList<KeyValuePair<YScalar, YNode>> entries)
            : base(span) => Entries = entries;

        /// <summary>Entries in file order, merge keys (&lt;&lt;) already applied, duplicate keys removed.</summary>
        public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; }

        public override string KindName => "a mapping";

        public YNode? Get(string key)
        {
            foreach (var entry in Entries)
            {
                if (entry.Key.Value == key)
                {
                    return entry.Value;
                }
            }

            return null;
        }

        public YScalar? GetKey(string key)
        {
            foreach (var entry in Entries)
            {
                if (entry.Key.Value == key)
                {
                    return entry.Key;
                }
            }

            return null;
        }
    }
}
