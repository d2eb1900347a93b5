using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AgentSpec.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace AgentSpec.Core.Yaml;

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

    public static Result Read(string text)
    {
        var findings = new List<Finding>();

        // A byte order mark is an encoding signature, not content: the parser would read it into the first key.
        var bom = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var lines = new LineMap(text, bom);
        if (RefuseControlCharacter(text, lines, findings))
        {
            return new Result(null, findings);
        }

        var builder = new YamlTreeBuilder(lines, findings);
        if (!Parse(text, bom, lines, builder, findings))
        {
            return new Result(null, findings);
        }

        if (builder.Root is null || (builder.Root is YScalar s && s.Kind == YScalarKind.Null))
        {
            findings.Add(Rules.EmptyDocument.At(SourceSpan.FileStart));
            return new Result(null, findings);
        }

        return new Result(builder.Root, findings);
    }

    /// <summary>YAML forbids raw control characters; the parser would stop somewhere after one with an unrelated message.</summary>
    private static bool RefuseControlCharacter(string text, LineMap lines, List<Finding> findings)
    {
        var control = FindControlCharacter(text);
        if (control < 0)
        {
            return false;
        }

        findings.Add(Rules.UnsafeCharacters.At(lines.SpanAt(control, 1), "groups.yaml", Checks.TextRules.Describe(text[control])));
        return true;
    }

    /// <summary>Feeds the parser's events to the builder; false when it stopped on an error (reported in the findings).</summary>
    private static bool Parse(string text, int bom, LineMap lines, YamlTreeBuilder builder, List<Finding> findings)
    {
        try
        {
            var scanner = new Scanner(new StringReader(bom == 0 ? text : text.Substring(bom)), skipComments: true);
            var parser = new Parser(scanner);
            while (MoveNext(parser, scanner))
            {
                if (!builder.Accept(parser.Current!))
                {
                    return false;
                }
            }

            return true;
        }
        catch (YamlException ex)
        {
            var span = SpanOf(ex, lines);
            if (ex.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                // YamlDotNet marks the start of the enclosing mapping or scalar; point at the tab itself.
                span = lines.FindIndentationTab(text, span.StartLine) ?? span;
            }

            // Mis-indentation: say which line is off and how, instead of the parser's "did not find expected '-' indicator".
            var hint = IsIndentationError(ex.Message) ? IndentationHint.For(bom == 0 ? text : text.Substring(bom), span.StartLine + 1) : null;
            findings.Add(Rules.YamlSyntax.At(span, hint ?? Describe(ex)));
            return false;
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

    private const string MergeTag = "tag:yaml.org,2002:merge";

    // Only a plain '<<' resolves to the merge tag; quoting it (or tagging it !!str) makes it an ordinary key.
    internal static bool IsMergeKey(Scalar scalar) =>
        scalar.Tag.IsEmpty
            ? scalar.Style == ScalarStyle.Plain && scalar.Value == "<<"
            : scalar.Tag.Value == MergeTag;

    internal static string? AnchorOf(YamlDotNet.Core.AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    internal static YScalarKind Classify(Scalar scalar)
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

    private static bool IsIndentationError(string message) =>
        message.IndexOf("did not find expected '-' indicator", StringComparison.Ordinal) >= 0
        || message.IndexOf("did not find expected key", StringComparison.Ordinal) >= 0
        || message.IndexOf("found invalid mapping", StringComparison.Ordinal) >= 0
        || message.IndexOf("mapping values are not allowed in this context", StringComparison.Ordinal) >= 0;

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
