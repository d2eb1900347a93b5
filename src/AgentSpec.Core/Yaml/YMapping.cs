using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Yaml;

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
