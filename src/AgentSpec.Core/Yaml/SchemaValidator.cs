using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Yaml;

/// <summary>
/// Validates the YAML tree against schemas/groups.schema.json (compiled in as a resource, so the build enforces
/// the schema this assembly was built with), walking the YAML nodes themselves so every finding has the node's
/// span. It interprets the schema's keywords directly (<see cref="SchemaModel"/>): no JSON copy of the tree, no
/// reflection, so it runs in the compiler, in the CLI and under NativeAOT alike. The NJsonSchema-based validator
/// it replaces is kept in the tests as an oracle that must agree with it.
/// </summary>
internal static class SchemaValidator
{
    private static readonly Lazy<SchemaNode> Schema = new(() => SchemaModel.Load(SchemaText));

    /// <summary>Keys Docker users write for a bind mount; they get one hint instead of a cascade.</summary>
    private static readonly string[] DockerKeys = { "source", "target", "mode", "src", "dst", "destination", "type" };

    public static string SchemaText
    {
        get
        {
            using var stream = typeof(SchemaValidator).Assembly.GetManifestResourceStream("AgentSpec.groups.schema.json")
                ?? throw new InvalidOperationException("The groups schema resource is missing from the assembly.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    public static IReadOnlyList<Finding> Validate(YNode root)
    {
        var context = new Context();
        Walk(root, Schema.Value, string.Empty, string.Empty, context);

        // A value of the wrong type also fails the enum ('version: "one"'); the type error alone explains it.
        return context.Found
            .Where(f => f.Finding.Id != Rules.InvalidValue.Id || !context.Seen.Contains((f.Node, Rules.WrongType.Id)))
            .Select(f => f.Finding)
            .OrderBy(f => f.Span.Start)
            .ToList();
    }

    private sealed class Context
    {
        public List<(Finding Finding, YNode Node)> Found { get; } = new();

        public HashSet<(YNode, string)> Seen { get; } = new();

        public HashSet<YNode> DockerReported { get; } = new();

        /// <summary>One finding per node and rule: the first one explains it.</summary>
        public void Add(Finding finding, YNode node)
        {
            if (Seen.Add((node, finding.Id)))
            {
                Found.Add((finding, node));
            }
        }
    }

    /// <param name="path">Where the node is, as messages name it: 'groups[0].mounts[1]'; empty at the top.</param>
    /// <param name="key">The key (or 'list[i]') the node is the value of, as messages name it.</param>
    private static void Walk(YNode node, SchemaNode schema, string path, string key, Context context)
    {
        schema = schema.Actual;
        if (schema.AnyOf is { } branches && !branches.Any(b => IsValid(node, b)))
        {
            // The one anyOf of the schema is 'skills'; its branches explain themselves as one expectation.
            context.Add(Rules.WrongType.At(node.Span, key, "'all' or a list of skill names", Describe(node), string.Empty), node);
        }

        if (schema.Types != SchemaTypes.None && !Matches(node, schema.Types))
        {
            context.Add(Rules.WrongType.At(node.Span, key, Expected(schema.Types), Describe(node), TypeHint(node, key, schema.Types)), node);
        }

        if (schema.Enum is { } allowed && !allowed.Any(a => SameConstant(node, a)))
        {
            context.Add(Rules.InvalidValue.At(node.Span, $"'{key}' cannot be {Describe(node)}; allowed: {string.Join(", ", allowed.Select(a => a.Value))}"), node);
        }

        switch (node)
        {
            case YScalar { Kind: YScalarKind.String } text:
                if (schema.MinLength is { } min && text.Value.Length < min)
                {
                    context.Add(Rules.InvalidValue.At(node.Span, $"'{key}' must not be empty"), node);
                }

                if (schema.MaxLength is { } max && text.Value.Length > max)
                {
                    context.Add(Rules.InvalidValue.At(node.Span, $"'{key}' is longer than {max} characters"), node);
                }

                break;

            case YSequence list when schema.Items is { } items:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                    Walk(list.Items[i], items, itemPath, LastSegment(itemPath), context);
                }

                break;

            case YMapping mapping:
                CheckMapping(mapping, schema, path, context);
                break;
        }
    }

    private static void CheckMapping(YMapping mapping, SchemaNode schema, string path, Context context)
    {
        var isMount = System.Text.RegularExpressions.Regex.IsMatch(path, @"mounts\[\d+\]$");
        var dockerStyle = isMount && DockerKeys.Any(k => mapping.GetKey(k) is not null);
        foreach (var entry in mapping.Entries)
        {
            var name = entry.Key.Value;
            var valuePath = path.Length == 0 ? name : path + "." + name;
            var declared = schema.Property(name) ?? schema.PatternProperties.FirstOrDefault(p => p.Key.IsMatch(name)).Value;
            if (declared is not null)
            {
                Walk(entry.Value, declared, valuePath, name, context);
            }
            else if (ReferenceEquals(schema.AdditionalProperties, SchemaModel.Forbidden))
            {
                UnknownKey(mapping, entry.Key, schema, path, dockerStyle, context);
            }
            else if (schema.AdditionalProperties is { } values)
            {
                Walk(entry.Value, values, valuePath, name, context);
            }
        }

        foreach (var name in schema.Required)
        {
            if (mapping.GetKey(name) is not null
                || dockerStyle // the Docker-style hint already explains the missing keys
                || mapping.Entries.Any(e => Suggest.Nearest(e.Key.Value, new[] { name }) is not null))
            {
                // A misspelled key ("hostPth") is reported once, with its suggestion, not again as missing.
                continue;
            }

            context.Add(Rules.MissingKey.At(HeadSpan(mapping), path.Length == 0 ? "groups.yaml" : path, name), mapping);
        }
    }

    private static void UnknownKey(YMapping mapping, YScalar key, SchemaNode schema, string path, bool dockerStyle, Context context)
    {
        if (dockerStyle)
        {
            if (context.DockerReported.Add(mapping))
            {
                var first = DockerKeys.Select(k => mapping.GetKey(k)).Where(k => k is not null).OrderBy(k => k!.Span.Start).First()!;
                context.Add(Rules.DockerStyleKeys.At(first.Span, first.Value), mapping);
            }

            return;
        }

        if (CredentialValueKeys.IsEgressEntry(path) && CredentialValueKeys.IsValueKey(key.Value))
        {
            context.Add(Rules.EgressCredentialValue.At(key.Span, key.Value), key);
            return;
        }

        var allowed = schema.Properties.Select(p => p.Key).ToArray();
        var suggestion = Suggest.Nearest(key.Value, allowed);
        var hint = suggestion is not null
            ? $"; did you mean '{suggestion}'?"
            : allowed.Length > 0 ? $"; allowed keys are {string.Join(", ", allowed)}" : string.Empty;
        context.Add(Rules.UnknownKey.At(key.Span, key.Value, path.Length == 0 ? "the top level" : path, hint), key);
    }

    private static bool IsValid(YNode node, SchemaNode schema)
    {
        var scratch = new Context();
        Walk(node, schema, string.Empty, string.Empty, scratch);
        return scratch.Found.Count == 0;
    }

    private static bool Matches(YNode node, SchemaTypes types) => node switch
    {
        YMapping => types.HasFlag(SchemaTypes.Object),
        YSequence => types.HasFlag(SchemaTypes.Array),
        YScalar s => s.Kind switch
        {
            YScalarKind.String => types.HasFlag(SchemaTypes.String),
            YScalarKind.Int => types.HasFlag(SchemaTypes.Integer) || types.HasFlag(SchemaTypes.Number),
            YScalarKind.Float => types.HasFlag(SchemaTypes.Number),
            YScalarKind.Bool => types.HasFlag(SchemaTypes.Boolean),
            _ => types.HasFlag(SchemaTypes.Null),
        },
        _ => false,
    };

    /// <summary>Enum members compare by JSON value: the same type and the same value (1 is not "1").</summary>
    private static bool SameConstant(YNode node, YScalar constant) => node is YScalar s && s.Kind switch
    {
        YScalarKind.Int => constant.Kind == YScalarKind.Int
            && long.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
            && long.TryParse(constant.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b)
            && a == b,
        YScalarKind.Bool => constant.Kind == YScalarKind.Bool && string.Equals(s.Value, constant.Value, StringComparison.OrdinalIgnoreCase),
        YScalarKind.Null => constant.Kind == YScalarKind.Null,
        _ => s.Kind == constant.Kind && s.Value == constant.Value,
    };

    private static readonly (SchemaTypes Type, string Name, string Single)[] TypeWords =
    {
        (SchemaTypes.String, "a string", "a string"),
        (SchemaTypes.Integer, "an integer", "an integer"),
        (SchemaTypes.Number, "a number", "a number"),
        (SchemaTypes.Boolean, "a boolean", "a boolean (true or false)"),
        (SchemaTypes.Array, "a list", "a list"),
        (SchemaTypes.Object, "a mapping", "a mapping (key: value)"),
        (SchemaTypes.Null, "null", "null"),
    };

    /// <summary>"a boolean (true or false)" for one type, "a string or an integer" for several.</summary>
    private static string Expected(SchemaTypes types)
    {
        var words = TypeWords.Where(t => types.HasFlag(t.Type)).ToList();
        return words.Count == 1 ? words[0].Single : string.Join(" or ", words.Select(w => w.Name));
    }

    /// <summary>What to write instead: quotes for text that YAML read as a number, none for a quoted number or boolean.</summary>
    private static string TypeHint(YNode node, string key, SchemaTypes types) => node switch
    {
        YScalar { Kind: YScalarKind.Int or YScalarKind.Float or YScalarKind.Bool } v when types == SchemaTypes.String =>
            $"; quote it to mean the text: {Written(key)}\"{v.Value}\"",
        YScalar { Kind: YScalarKind.String } s
            when types == SchemaTypes.Integer && long.TryParse(s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _) =>
            $"; remove the quotes: {Written(key)}{s.Value}",
        _ => BooleanHint(node, types),
    };

    /// <summary>"PORT: " before a value in a fix; nothing for a list item ('skills[0]'), which has no key to write.</summary>
    private static string Written(string key) => key.IndexOf('[') >= 0 ? string.Empty : key + ": ";

    private static string BooleanHint(YNode node, SchemaTypes types) =>
        types != SchemaTypes.Boolean || node is not YScalar { Kind: YScalarKind.String } s ? string.Empty
        : IsYaml11Bool(s.Value) ? $" (YAML 1.2 reads '{s.Value}' as text; write true or false)"
        : s.Value is "true" or "false" ? " (remove the quotes)"
        : string.Empty;

    private static bool IsYaml11Bool(string value) =>
        value is "yes" or "no" or "Yes" or "No" or "YES" or "NO" or "on" or "off" or "On" or "Off" or "y" or "n";

    private static string Describe(YNode node) => node switch
    {
        YScalar { Kind: YScalarKind.String } s => $"the string '{Truncate(s.Value)}'",
        YScalar s when s.Kind != YScalarKind.Null => $"{s.KindName} ({Truncate(s.Value)})",
        _ => node.KindName,
    };

    private static string Truncate(string value) => value.Length <= 40 ? value : value.Substring(0, 40) + "…";

    /// <summary>'groups[0].mounts[1]' → 'mounts[1]'.</summary>
    private static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot >= 0 ? path.Substring(dot + 1) : path;
    }

    /// <summary>The first line of a mapping: where a missing key belongs.</summary>
    private static SourceSpan HeadSpan(YMapping mapping)
    {
        // Keys merged in with '<<' sit at their anchor elsewhere in the file; only the mapping's own first key is its head.
        var key = mapping.Entries
            .Select(e => e.Key)
            .Where(k => k.Span.Start >= mapping.Span.Start && k.Span.Start < mapping.Span.End)
            .OrderBy(k => k.Span.Start)
            .FirstOrDefault();
        return key is not null && key.Span.Start == mapping.Span.Start ? key.Span : mapping.Span;
    }
}
