using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AgentSpec.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AgentSpec.Yaml;

/// <summary>
/// Reads groups.yaml into a <see cref="YNode"/> tree that keeps every node's span. Iterative (no recursion on the
/// input's depth), bounded in nodes and alias expansion, and it reports instead of throwing.
/// </summary>
internal static class YamlReader
{
    public const int MaxDepth = 64;
    public const int MaxExpandedNodes = 2_000_000;
    public const int MaxScalarLength = 16 * 1024;

    public sealed class Result
    {
        public Result(YNode? root, IReadOnlyList<Finding> findings)
        {
            Root = root;
            Findings = findings;
        }

        public YNode? Root { get; }

        public IReadOnlyList<Finding> Findings { get; }
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

    public static Result Read(string text)
    {
        var findings = new List<Finding>();

        // A byte order mark is an encoding signature, not content: the parser would read it into the first key.
        var bom = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var lines = new LineMap(text, bom);
        var control = FindControlCharacter(text);
        if (control >= 0)
        {
            // YAML forbids raw control characters; the parser would stop somewhere after it with an unrelated message.
            findings.Add(Rules.UnsafeCharacters.At(lines.SpanAt(control, 1), "groups.yaml", Checks.TextRules.Describe(text[control])));
            return new Result(null, findings);
        }

        // An anchor's node with its expanded size (for the alias budget). Sizes are kept only for anchored
        // nodes: a dictionary keyed by every node cost half of Read in identity hashing.
        var anchors = new Dictionary<string, (YNode Node, long Size)>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        YNode? root = null;
        var documents = 0;
        ParsingEvent? current = null;

        try
        {
            var scanner = new Scanner(new StringReader(bom == 0 ? text : text.Substring(bom)), skipComments: true);
            var parser = new Parser(scanner);
            while (MoveNext(parser, scanner))
            {
                current = parser.Current;
                switch (current)
                {
                    case DocumentStart start:
                        documents++;
                        if (documents == 2)
                        {
                            findings.Add(Rules.MultipleDocuments.At(lines.Span(start.Start, start.End)));
                            return new Result(null, findings);
                        }

                        break;
                    case Scalar scalar:
                        {
                            if (scalar.Value.Length > MaxScalarLength)
                            {
                                findings.Add(Rules.ExpansionLimit.At(lines.Span(scalar.Start, scalar.End), "a value of " + scalar.Value.Length.ToString("N0", CultureInfo.InvariantCulture) + " characters is longer than the limit of " + MaxScalarLength.ToString("N0", CultureInfo.InvariantCulture)));
                                return new Result(null, findings);
                            }

                            var node = new YScalar(lines.Span(scalar.Start, scalar.End), scalar.Value, Classify(scalar), IsMergeKey(scalar));
                            Register(AnchorOf(scalar.Anchor), node, 1);
                            if (!Add(node, 1))
                            {
                                return new Result(null, findings);
                            }

                            break;
                        }

                    case AnchorAlias alias:
                        {
                            if (!anchors.TryGetValue(alias.Value.Value, out var target))
                            {
                                findings.Add(Rules.YamlSyntax.At(lines.Span(alias.Start, alias.End), $"the alias '*{alias.Value.Value}' refers to no anchor defined before it"));
                                return new Result(null, findings);
                            }

                            if (!Add(target.Node, target.Size, lines.Span(alias.Start, alias.End)))
                            {
                                return new Result(null, findings);
                            }

                            break;
                        }

                    case SequenceStart seq:
                        if (!Push(new Frame(seq, AnchorOf(seq.Anchor), isMapping: false)))
                        {
                            return new Result(null, findings);
                        }

                        break;
                    case MappingStart map:
                        if (!Push(new Frame(map, AnchorOf(map.Anchor), isMapping: true)))
                        {
                            return new Result(null, findings);
                        }

                        break;
                    case SequenceEnd end:
                        {
                            var frame = stack.Pop();
                            var node = new YSequence(lines.Span(frame.Start.Start, end.End), frame.Items);
                            Register(frame.Anchor, node, frame.Size);
                            if (!Add(node, frame.Size))
                            {
                                return new Result(null, findings);
                            }

                            break;
                        }

                    case MappingEnd end:
                        {
                            var frame = stack.Pop();
                            var node = new YMapping(lines.Span(frame.Start.Start, end.End), frame.Entries);
                            Register(frame.Anchor, node, frame.Size);
                            if (!Add(node, frame.Size))
                            {
                                return new Result(null, findings);
                            }

                            break;
                        }
                }
            }
        }
        catch (YamlException ex)
        {
            var span = SpanOf(ex, lines);
            if (ex.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // YamlDotNet marks the start of the enclosing mapping or scalar; point at the tab itself.
                span = lines.FindIndentationTab(text, span.StartLine) ?? span;
            }

            findings.Add(Rules.YamlSyntax.At(span, Describe(ex)));
            return new Result(null, findings);
        }

        if (root is null || (root is YScalar s && s.Kind == YScalarKind.Null))
        {
            findings.Add(Rules.EmptyDocument.At(SourceSpan.FileStart));
            return new Result(null, findings);
        }

        return new Result(root, findings);

        bool Push(Frame frame)
        {
            if (stack.Count >= MaxDepth)
            {
                findings.Add(Rules.ExpansionLimit.At(lines.Span(frame.Start.Start, frame.Start.End), $"the nesting is deeper than {MaxDepth} levels"));
                return false;
            }

            stack.Push(frame);
            return true;
        }

        void Register(string? anchor, YNode node, long size)
        {
            if (anchor is not null)
            {
                anchors[anchor] = (node, size);
            }
        }

        // Adds a finished node to its parent; false when the expanded size passes the budget (alias bombs).
        bool Add(YNode node, long size, SourceSpan? at = null)
        {
            if (stack.Count == 0)
            {
                root = node;
                return true;
            }

            var parent = stack.Peek();
            parent.Size += size;
            if (parent.Size > MaxExpandedNodes)
            {
                findings.Add(Rules.ExpansionLimit.At(at ?? node.Span, "anchors and aliases expand to more than " + MaxExpandedNodes.ToString("N0", CultureInfo.InvariantCulture) + " nodes"));
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
                    findings.Add(Rules.YamlSyntax.At(node.Span, "a key must be a plain value, not " + node.KindName));
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

        void AddEntry(Frame parent, YScalar key, YNode value)
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
                        findings.Add(Rules.YamlSyntax.At(key.Span, "a merge key '<<' must refer to a mapping, not " + source.KindName));
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
                        findings.Add(Rules.DuplicateKey.At(key.Span, key.Value, existing.Span.StartLine + 1));
                    }

                    return;
                }
            }

            parent.Entries.Add(new KeyValuePair<YScalar, YNode>(key, value));
        }
    }

    /// <summary>
    /// YamlDotNet's scanner throws InvalidOperationException (not YamlException) on some malformed input, e.g. a flow
    /// mapping whose content continues at column 0; that is a syntax error at the scanner's position, not a crash.
    /// </summary>
    private static bool MoveNext(IParser parser, Scanner scanner)
    {
        try
        {
            return parser.MoveNext();
        }
        catch (Exception ex) when (ex is not YamlException)
        {
            var at = scanner.CurrentPosition;
            throw new YamlException(at, at, "the text here cannot be parsed; check the brackets, quotes and indentation around it", ex);
        }
    }

    /// <summary>The first C0 or C1 control character other than tab, line feed, carriage return and NEL; -1 if none.</summary>
    private static int FindControlCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F && c != '\u0085'))
            {
                return i;
            }
        }

        return -1;
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

    private const string MergeTag = "tag:yaml.org,2002:merge";

    // Only a plain '<<' resolves to the merge tag; quoting it (or tagging it !!str) makes it an ordinary key.
    private static bool IsMergeKey(Scalar scalar) =>
        scalar.Tag.IsEmpty
            ? scalar.Style == ScalarStyle.Plain && scalar.Value == "<<"
            : scalar.Tag.Value == MergeTag;

    private static string? AnchorOf(YamlDotNet.Core.AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static YScalarKind Classify(Scalar scalar)
    {
        if (!scalar.Tag.IsEmpty)
        {
            switch (scalar.Tag.Value)
            {
                case "tag:yaml.org,2002:str":
                    return YScalarKind.String;
                case "tag:yaml.org,2002:null":
                    return YScalarKind.Null;
            }
        }

        if (scalar.Style != ScalarStyle.Plain)
        {
            return YScalarKind.String;
        }

        // YAML 1.2 core schema, which is what JSON Schema tooling and editors assume.
        var v = scalar.Value;
        switch (v)
        {
            case "":
            case "~":
            case "null":
            case "Null":
            case "NULL":
                return YScalarKind.Null;
            case "true":
            case "True":
            case "TRUE":
            case "false":
            case "False":
            case "FALSE":
                return YScalarKind.Bool;
        }

        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return YScalarKind.Int;
        }

        if (v.Length > 0 && (char.IsDigit(v[0]) || v[0] == '-' || v[0] == '+' || v[0] == '.')
            && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return YScalarKind.Float;
        }

        return YScalarKind.String;
    }

    private static SourceSpan SpanOf(YamlException ex, LineMap lines) => lines.Span(ex.Start, ex.End);

    private static string Describe(YamlException ex)
    {
        var message = ex.Message;

        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is already in the diagnostic.
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0)
        {
            message = message.Substring(cut + 3);
        }

        message = message.Trim().TrimEnd('.');
        if (message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 || message.Length == 0)
        {
            return message.Length == 0 ? "the parser stopped here" : message + " (YAML indentation must use spaces, not tabs)";
        }

        return message;
    }
}
