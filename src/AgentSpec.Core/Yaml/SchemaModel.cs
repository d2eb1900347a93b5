using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AgentSpec.Core.Yaml;

/// <summary>Reads the schema (JSON, which is YAML) with the compiler's own YAML reader into <see cref="SchemaNode"/>s.</summary>
internal static class SchemaModel
{
    /// <summary>Stands for <c>"additionalProperties": false</c>.</summary>
    public static readonly SchemaNode Forbidden = new();

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "description", "examples", "title", "$schema", "$id", "definitions" };

    public static SchemaNode Load(string schemaText)
    {
        var read = YamlReader.Read(schemaText);
        if (read.Root is not YMapping root || read.Findings.Count > 0)
        {
            throw new InvalidOperationException("The groups schema is not a JSON object: " + string.Join("; ", read.Findings.Select(f => f.Message)));
        }

        var definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        var refs = new List<SchemaNode>();
        if (root.Get("definitions") is YMapping defs)
        {
            foreach (var entry in defs.Entries)
            {
                definitions[entry.Key.Value] = Compile(entry.Value, "#/definitions/" + entry.Key.Value, refs);
            }
        }

        var top = Compile(root, "#", refs);
        foreach (var node in refs)
        {
            const string Prefix = "#/definitions/";
            if (!node.Ref!.StartsWith(Prefix, StringComparison.Ordinal) || !definitions.TryGetValue(node.Ref.Substring(Prefix.Length), out var target))
            {
                throw new InvalidOperationException($"The groups schema refers to '{node.Ref}', which is not one of its definitions.");
            }

            node.Target = target;
        }

        return top;
    }

    private static SchemaNode Compile(YNode json, string at, List<SchemaNode> refs)
    {
        if (json is not YMapping mapping)
        {
            throw Unsupported(at, "a schema must be an object");
        }

        var node = new SchemaNode();
        foreach (var entry in mapping.Entries)
        {
            var key = entry.Key.Value;
            var value = entry.Value;
            var here = at + "/" + key;
            switch (key)
            {
                case "type":
                    node.Types = value is YSequence list ? list.Items.Aggregate(SchemaTypes.None, (t, i) => t | TypeOf(i, here)) : TypeOf(value, here);
                    break;
                case "enum":
                    node.Enum = value is YSequence values && values.Items.All(v => v is YScalar)
                        ? values.Items.Cast<YScalar>().ToList()
                        : throw Unsupported(here, "enum must be a list of scalars");
                    break;
                case "minLength":
                    node.MinLength = Count(value, here);
                    break;
                case "maxLength":
                    node.MaxLength = Count(value, here);
                    break;
                case "properties":
                    node.Properties = Entries(value, here).Select(e => new KeyValuePair<string, SchemaNode>(e.Key.Value, Compile(e.Value, here + "/" + e.Key.Value, refs))).ToList();
                    break;
                case "patternProperties":
                    node.PatternProperties = Entries(value, here)
                        .Select(e => new KeyValuePair<Regex, SchemaNode>(new Regex(e.Key.Value, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), Compile(e.Value, here + "/" + e.Key.Value, refs)))
                        .ToList();
                    break;
                case "additionalProperties":
                    node.AdditionalProperties = value is YScalar { Kind: YScalarKind.Bool } flag
                        ? (flag.Value == "false" ? Forbidden : null)
                        : Compile(value, here, refs);
                    break;
                case "required":
                    node.Required = value is YSequence names && names.Items.All(n => n is YScalar { Kind: YScalarKind.String })
                        ? names.Items.Cast<YScalar>().Select(n => n.Value).ToList()
                        : throw Unsupported(here, "required must be a list of names");
                    break;
                case "items":
                    node.Items = Compile(value, here, refs);
                    break;
                case "anyOf":
                    node.AnyOf = value is YSequence branches
                        ? branches.Items.Select((b, i) => Compile(b, here + "/" + i.ToString(CultureInfo.InvariantCulture), refs)).ToList()
                        : throw Unsupported(here, "anyOf must be a list of schemas");
                    break;
                case "$ref":
                    if (mapping.Entries.Count != 1 || value is not YScalar { Kind: YScalarKind.String } reference)
                    {
                        throw Unsupported(here, "$ref must stand alone, as a string");
                    }

                    node.Ref = reference.Value;
                    refs.Add(node);
                    break;
                default:
                    if (!Annotations.Contains(key))
                    {
                        throw Unsupported(here, $"the keyword '{key}' is not understood by AgentSpec's schema validator; add it there first");
                    }

                    break;
            }
        }

        return node;
    }

    private static IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries(YNode value, string at) =>
        value is YMapping m ? m.Entries : throw Unsupported(at, "must be an object");

    private static int Count(YNode value, string at) =>
        value is YScalar { Kind: YScalarKind.Int } s && int.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Unsupported(at, "must be a non-negative integer");

    private static SchemaTypes TypeOf(YNode value, string at) => value is YScalar { Kind: YScalarKind.String } s
        ? s.Value switch
        {
            "string" => SchemaTypes.String,
            "integer" => SchemaTypes.Integer,
            "number" => SchemaTypes.Number,
            "boolean" => SchemaTypes.Boolean,
            "array" => SchemaTypes.Array,
            "object" => SchemaTypes.Object,
            "null" => SchemaTypes.Null,
            _ => throw Unsupported(at, $"unknown type '{s.Value}'"),
        }
        : throw Unsupported(at, "type must be a name or a list of names");

    private static InvalidOperationException Unsupported(string at, string why) =>
        new($"The groups schema cannot be used at {at}: {why}.");
}
