using System;
using System.Collections.Generic;
using System.Globalization;
using AgentSpec.Core.Diagnostics;
using YamlDotNet.Core.Events;

namespace AgentSpec.Core.Yaml;

/// <summary>
/// Builds the <see cref="YNode"/> tree from the parser's events for <see cref="YamlReader.Read"/>: an explicit stack
/// of open sequences and mappings (no recursion on the input's depth), the anchors seen so far, and the budgets on
/// depth and alias expansion. Reports into the reader's findings instead of throwing.
/// </summary>
internal sealed class YamlTreeBuilder
{
    private readonly LineMap _lines;
    private readonly List<Finding> _findings;

    // An anchor's node with its expanded size (for the alias budget). Sizes are kept only for anchored
    // nodes: a dictionary keyed by every node cost half of Read in identity hashing.
    private readonly Dictionary<string, (YNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _stack = new();
    private int _documents;

    public YamlTreeBuilder(LineMap lines, List<Finding> findings)
    {
        _lines = lines;
        _findings = findings;
    }

    /// <summary>The document's root once it is complete; null while nothing was read.</summary>
    public YNode? Root { get; private set; }

    /// <summary>Takes the parser's next event; false when reading must stop (the finding that says why is added).</summary>
    public bool Accept(ParsingEvent parsingEvent) => parsingEvent switch
    {
        DocumentStart start => AcceptDocument(start),
        Scalar scalar => AcceptScalar(scalar),
        AnchorAlias alias => AcceptAlias(alias),
        SequenceStart seq => Push(new Frame(seq, YamlReader.AnchorOf(seq.Anchor), isMapping: false)),
        MappingStart map => Push(new Frame(map, YamlReader.AnchorOf(map.Anchor), isMapping: true)),
        SequenceEnd end => Close(end),
        MappingEnd end => Close(end),
        _ => true,
    };

    /// <summary>A second document is refused: groups.yaml is one document.</summary>
    private bool AcceptDocument(DocumentStart start)
    {
        _documents++;
        if (_documents == 2)
        {
            _findings.Add(Rules.MultipleDocuments.At(_lines.Span(start.Start, start.End)));
            return false;
        }

        return true;
    }

    private bool AcceptScalar(Scalar scalar)
    {
        var span = _lines.Span(scalar.Start, scalar.End);
        if (scalar.Value.Length > YamlReader.MaxScalarLength)
        {
            var length = scalar.Value.Length.ToString("N0", CultureInfo.InvariantCulture);
            var limit = YamlReader.MaxScalarLength.ToString("N0", CultureInfo.InvariantCulture);
            _findings.Add(Rules.ExpansionLimit.At(span, "a value of " + length + " characters is longer than the limit of " + limit));
            return false;
        }

        var node = new YScalar(span, scalar.Value, YamlReader.Classify(scalar), YamlReader.IsMergeKey(scalar));
        Register(YamlReader.AnchorOf(scalar.Anchor), node, 1);
        return Add(node, 1);
    }

    /// <summary>An alias stands for its anchor's node, counted at its full expanded size.</summary>
    private bool AcceptAlias(AnchorAlias alias)
    {
        var span = _lines.Span(alias.Start, alias.End);
        if (!_anchors.TryGetValue(alias.Value.Value, out var target))
        {
            _findings.Add(Rules.YamlSyntax.At(span, $"the alias '*{alias.Value.Value}' refers to no anchor defined before it"));
            return false;
        }

        return Add(target.Node, target.Size, span);
    }

    /// <summary>Closes the innermost sequence or mapping into its node and adds that to its parent.</summary>
    private bool Close(ParsingEvent end)
    {
        var frame = _stack.Pop();
        var span = _lines.Span(frame.Start.Start, end.End);
        YNode node = frame.IsMapping ? new YMapping(span, frame.Entries) : new YSequence(span, frame.Items);
        Register(frame.Anchor, node, frame.Size);
        return Add(node, frame.Size);
    }

    private bool Push(Frame frame)
    {
        if (_stack.Count >= YamlReader.MaxDepth)
        {
            var at = _lines.Span(frame.Start.Start, frame.Start.End);
            _findings.Add(Rules.ExpansionLimit.At(at, $"the nesting is deeper than {YamlReader.MaxDepth} levels"));
            return false;
        }

        _stack.Push(frame);
        return true;
    }

    private void Register(string? anchor, YNode node, long size)
    {
        if (anchor is not null)
        {
            _anchors[anchor] = (node, size);
        }
    }

    /// <summary>Adds a finished node to its parent; false when the expanded size passes the budget (alias bombs).</summary>
    private bool Add(YNode node, long size, SourceSpan? at = null)
    {
        if (_stack.Count == 0)
        {
            Root = node;
            return true;
        }

        var parent = _stack.Peek();
        parent.Size += size;
        if (parent.Size > YamlReader.MaxExpandedNodes)
        {
            var limit = YamlReader.MaxExpandedNodes.ToString("N0", CultureInfo.InvariantCulture);
            _findings.Add(Rules.ExpansionLimit.At(at ?? node.Span, "anchors and aliases expand to more than " + limit + " nodes"));
            return false;
        }

        if (!parent.IsMapping)
        {
            parent.Items.Add(node);
            return true;
        }

        if (parent.PendingKey is null && !parent.PendingKeyInvalid)
        {
            if (node is YScalar key)
            {
                parent.PendingKey = key;
            }
            else
            {
                _findings.Add(Rules.YamlSyntax.At(node.Span, "a key must be a plain value, not " + node.KindName));
                parent.PendingKeyInvalid = true;
            }

            return true;
        }

        if (parent.PendingKeyInvalid)
        {
            parent.PendingKeyInvalid = false;
            return true;
        }

        var k = parent.PendingKey!;
        parent.PendingKey = null;
        AddEntry(parent, k, node);
        return true;
    }

    private void AddEntry(Frame parent, YScalar key, YNode value)
    {
        if (key.IsMergeKey)
        {
            // YAML merge key: copy entries the mapping does not define itself (later explicit keys win).
            var sources = value is YSequence seq ? seq.Items : new[] { value };
            foreach (var source in sources)
            {
                if (source is YMapping map)
                {
                    foreach (var entry in map.Entries)
                    {
                        if (!ContainsKey(parent, entry.Key.Value))
                        {
                            parent.Entries.Add(new KeyValuePair<YScalar, YNode>(entry.Key, entry.Value));
                            parent.MergedKeys.Add(entry.Key.Value);
                        }
                    }
                }
                else
                {
                    _findings.Add(Rules.YamlSyntax.At(key.Span, "a merge key '<<' must refer to a mapping, not " + source.KindName));
                }
            }

            return;
        }

        for (var i = 0; i < parent.Entries.Count; i++)
        {
            var existing = parent.Entries[i].Key;
            if (existing.Value == key.Value)
            {
                if (parent.HasMergedKeys && parent.MergedKeys.Remove(key.Value))
                {
                    // An explicit key overrides a merged one.
                    parent.Entries[i] = new KeyValuePair<YScalar, YNode>(key, value);
                }
                else
                {
                    _findings.Add(Rules.DuplicateKey.At(key.Span, key.Value, existing.Span.StartLine + 1));
                }

                return;
            }
        }

        parent.Entries.Add(new KeyValuePair<YScalar, YNode>(key, value));
    }

    private static bool ContainsKey(Frame frame, string key)
    {
        foreach (var entry in frame.Entries)
        {
            if (entry.Key.Value == key)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Frame
    {
        public Frame(ParsingEvent start, string? anchor, bool isMapping)
        {
            Start = start;
            Anchor = anchor;
            IsMapping = isMapping;
        }

        public ParsingEvent Start { get; }

        public string? Anchor { get; }

        public bool IsMapping { get; }

        // Allocated on first use: a file has one frame per group and per mount, and most never need all three.
        public List<YNode> Items => _items ??= new List<YNode>();

        public List<KeyValuePair<YScalar, YNode>> Entries => _entries ??= new List<KeyValuePair<YScalar, YNode>>(4);

        public YScalar? PendingKey { get; set; }

        public bool PendingKeyInvalid { get; set; }

        public HashSet<string> MergedKeys => _mergedKeys ??= new HashSet<string>(StringComparer.Ordinal);

        public bool HasMergedKeys => _mergedKeys is { Count: > 0 };

        private List<YNode>? _items;
        private List<KeyValuePair<YScalar, YNode>>? _entries;
        private HashSet<string>? _mergedKeys;

        public long Size { get; set; } = 1;
    }
}
