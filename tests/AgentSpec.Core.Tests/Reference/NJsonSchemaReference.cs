using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Diagnostics;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using AgentSpec.Core;

using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Tests.Reference
{
    /// <summary>
    /// The schema validation AgentSpec shipped until 0.9: NJsonSchema on a JSON copy of the YAML tree, its errors
    /// mapped back to spans. Kept here, unchanged but for its name, as an independent oracle: the compiler's own
    /// SchemaValidator (an interpreter of the same schema, with no NJsonSchema) must give the same findings.
    /// </summary>
    internal static class NJsonSchemaReference
    {
        private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);

        /// <summary>Keys Docker users write for a bind mount; they get one hint instead of a cascade.</summary>
        private static readonly string[] DockerKeys = { "source", "target", "mode", "src", "dst", "destination", "type" };

        public static string SchemaText
        {
            get
            {
                using var stream = typeof(AgentSpec.Core.GroupsCompiler).Assembly.GetManifestResourceStream("AgentSpec.groups.schema.json")
                    ?? throw new InvalidOperationException("The groups schema resource is missing from the assembly.");
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
        }

        public static IReadOnlyList<Finding> Validate(YNode root)
        {
            var found = new List<(Finding Finding, YNode Node)>();
            var seen = new HashSet<(YNode, string)>();
            var dockerReported = new HashSet<YNode>();

            void Check(JsonSchema schema, JToken json, string prefix)
            {
                foreach (var error in Flatten(schema.Validate(json)))
                {
                    var finding = Map(error, json, prefix, dockerReported);
                    if (finding is not null && seen.Add((finding.Value.Node, finding.Value.Finding.Id)))
                    {
                        found.Add(finding.Value);
                    }
                }
            }

            if (root is YMapping top && top.Get("groups") is YSequence groups)
            {
                // The top level with an empty group list, then each group against the group definition on its own:
                // one group's JSON is garbage as soon as it is checked, so memory and GC time stay flat as files grow.
                Check(Schema.Value, ToJson(top, groups), string.Empty);
                var groupSchema = Schema.Value.Definitions["group"];
                for (var i = 0; i < groups.Items.Count; i++)
                {
                    Check(groupSchema, ToJson(groups.Items[i]), "groups[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");
                }
            }
            else
            {
                Check(Schema.Value, ToJson(root), string.Empty);
            }

            // A value of the wrong type also fails the enum ('version: "one"'); the type error alone explains it.
            var findings = found
                .Where(f => f.Finding.Id != Rules.InvalidValue.Id || !seen.Contains((f.Node, Rules.WrongType.Id)))
                .Select(f => f.Finding)
                .ToList();

            findings.Sort((a, b) => a.Span.Start.CompareTo(b.Span.Start));
            return findings;
        }

        private static JsonSchema LoadSchema() =>
            JsonSchema.FromJsonAsync(SchemaText).ConfigureAwait(false).GetAwaiter().GetResult();

        private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
        {
            foreach (var error in errors)
            {
                // Errors inside list items or property values come wrapped; anyOf (skills) explains itself as one error at the value.
                if (error is ChildSchemaValidationError child && error.Kind != ValidationErrorKind.NotAnyOf && error.Kind != ValidationErrorKind.NotOneOf)
                {
                    foreach (var inner in Flatten(child.Errors.Values.SelectMany(e => e)))
                    {
                        yield return inner;
                    }
                }
                else
                {
                    yield return error;
                }
            }
        }

        private static (Finding Finding, YNode Node)? Map(ValidationError error, JToken root, string prefix, HashSet<YNode> dockerReported)
        {
            var property = error.Property ?? string.Empty;
            var token = error.Token ?? Resolve(root, error.Path);

            // Paths of a group checked on its own are relative to it; messages name the place in the whole file.
            var relative = DescribePath(error.Path);
            var path = "#/" + (prefix.Length == 0 ? relative : relative.Length == 0 ? prefix : relative.StartsWith("[", StringComparison.Ordinal) ? prefix + relative : prefix + "." + relative);
            var node = token is not null ? NodeOf(token) : null;
            var ownerPath = DescribePath(path);
            if (property.Length > 0 && ownerPath.EndsWith(property, StringComparison.Ordinal))
            {
                // Errors about a key carry the key in their path; the object that owns it is what we name.
                ownerPath = ownerPath.Substring(0, ownerPath.Length - property.Length).TrimEnd('.', '/');
            }


            switch (error.Kind)
            {
                case ValidationErrorKind.NoAdditionalPropertiesAllowed:
                    {
                        var mapping = FindMapping(node, token);
                        var keyNode = mapping?.GetKey(property) ?? node;
                        if (mapping is not null && IsMountObject(ownerPath) && DockerKeys.Any(k => mapping.GetKey(k) is not null))
                        {
                            if (!dockerReported.Add(mapping))
                            {
                                return null;
                            }

                            var first = DockerKeys.Select(k => mapping.GetKey(k)).Where(k => k is not null).OrderBy(k => k!.Span.Start).First()!;
                            return (Rules.DockerStyleKeys.At(first.Span, first.Value), mapping);
                        }

                        if (keyNode is not null && CredentialValueKeys.IsEgressEntry(ownerPath) && CredentialValueKeys.IsValueKey(property))
                        {
                            return (Rules.EgressCredentialValue.At(keyNode.Span, property), keyNode);
                        }

                        var allowed = error.Schema?.ActualSchema.Properties.Keys.ToArray() ?? Array.Empty<string>();
                        var suggestion = Suggest.Nearest(property, allowed);
                        var hint = suggestion is not null
                            ? $"; did you mean '{suggestion}'?"
                            : allowed.Length > 0 ? $"; allowed keys are {string.Join(", ", allowed)}" : string.Empty;
                        var where = ownerPath.Length == 0 ? "the top level" : ownerPath;
                        return keyNode is null ? null : (Rules.UnknownKey.At(keyNode.Span, property, where, hint), keyNode);
                    }

                case ValidationErrorKind.PropertyRequired:
                    {
                        if (token is JValue || token is JArray)
                        {
                            // The value is not a mapping at all: its wrong type is the one error, reported at the value.
                            return null;
                        }

                        var mapping = FindMapping(node, token);
                        if (mapping is null)
                        {
                            return null;
                        }

                        if (dockerReported.Contains(mapping) || (IsMountObject(ownerPath) && DockerKeys.Any(k => mapping.GetKey(k) is not null)))
                        {
                            // The Docker-style hint already explains the missing keys.
                            return null;
                        }

                        if (mapping.Entries.Any(e => Suggest.Nearest(e.Key.Value, new[] { property }) is not null))
                        {
                            // A misspelled key ("hostPth") is reported once, with its suggestion, not again as missing.
                            return null;
                        }

                        var what = ownerPath.Length == 0 ? "groups.yaml" : ownerPath;
                        return (Rules.MissingKey.At(HeadSpan(mapping), what, property), mapping);
                    }

                case ValidationErrorKind.NotAnyOf:
                case ValidationErrorKind.NotOneOf:
                    return node is null ? null : (Rules.WrongType.At(node.Span, LastKey(path, property), "'all' or a list of skill names", Describe(node), string.Empty), node);

                case ValidationErrorKind.NoTypeValidates:
                    // A key of several types ('user': a string or an integer).
                    return node is null || error.Schema is null ? null : (Rules.WrongType.At(node.Span, LastKey(path, property), TypeNames(error.Schema.ActualSchema.Type), Describe(node), string.Empty), node);

                case ValidationErrorKind.NotInEnumeration:
                    return node is null ? null : (Rules.InvalidValue.At(node.Span, $"'{LastKey(path, property)}' cannot be {Describe(node)}; allowed: {string.Join(", ", error.Schema?.ActualSchema.Enumeration.Select(e => e?.ToString()) ?? Array.Empty<string>())}"), node);

                case ValidationErrorKind.StringTooShort:
                    return node is null ? null : (Rules.InvalidValue.At(node.Span, $"'{LastKey(path, property)}' must not be empty"), node);

                case ValidationErrorKind.StringTooLong:
                    return node is null ? null : (Rules.InvalidValue.At(node.Span, $"'{LastKey(path, property)}' is longer than {error.Schema?.ActualSchema.MaxLength} characters"), node);

                default:
                    if (node is null)
                    {
                        return null;
                    }

                    var expected = ExpectedType(error.Kind);
                    if (expected is not null)
                    {
                        var extra = node is YScalar { Kind: YScalarKind.String } s && expected.StartsWith("a boolean", StringComparison.Ordinal) && IsYaml11Bool(s.Value)
                            ? $" (YAML 1.2 reads '{s.Value}' as text; write true or false)"
                            : node is YScalar { Kind: YScalarKind.String } q && expected.StartsWith("a boolean", StringComparison.Ordinal) && (q.Value == "true" || q.Value == "false")
                                ? " (remove the quotes)"
                                : FixHint(node, LastKey(path, property), expected);
                        return (Rules.WrongType.At(node.Span, LastKey(path, property), expected, Describe(node), extra), node);
                    }

                    return (Rules.InvalidValue.At(node.Span, $"'{LastKey(path, property)}' is not valid here ({error.Kind})"), node);
            }
        }

        private static string TypeNames(JsonObjectType type) => string.Join(" or ", new[]
        {
            (JsonObjectType.String, "a string"), (JsonObjectType.Integer, "an integer"), (JsonObjectType.Number, "a number"),
            (JsonObjectType.Boolean, "a boolean"), (JsonObjectType.Array, "a list"), (JsonObjectType.Object, "a mapping"),
        }.Where(t => type.HasFlag(t.Item1)).Select(t => t.Item2));

        /// <summary>Text that YAML read as a number is quoted; a quoted whole number loses its quotes.</summary>
        private static string FixHint(YNode node, string key, string expected)
        {
            var written = key.Contains('[') ? string.Empty : key + ": ";
            return node switch
            {
                YScalar { Kind: YScalarKind.Int or YScalarKind.Float or YScalarKind.Bool } v when expected == "a string" => $"; quote it to mean the text: {written}\"{v.Value}\"",
                YScalar { Kind: YScalarKind.String } t when expected == "an integer" && t.Value.Length > 0 && t.Value.All(char.IsAsciiDigit) => $"; remove the quotes: {written}{t.Value}",
                _ => string.Empty,
            };
        }

        private static bool IsYaml11Bool(string value) =>
            value is "yes" or "no" or "Yes" or "No" or "YES" or "NO" or "on" or "off" or "On" or "Off" or "y" or "n";

        private static string? ExpectedType(ValidationErrorKind kind) => kind switch
        {
            ValidationErrorKind.StringExpected => "a string",
            ValidationErrorKind.BooleanExpected => "a boolean (true or false)",
            ValidationErrorKind.IntegerExpected => "an integer",
            ValidationErrorKind.NumberExpected => "a number",
            ValidationErrorKind.ArrayExpected => "a list",
            ValidationErrorKind.ObjectExpected => "a mapping (key: value)",
            ValidationErrorKind.NullExpected => "null",
            _ => null,
        };

        private static string Describe(YNode node) => node switch
        {
            YScalar { Kind: YScalarKind.String } s => $"the string '{Truncate(s.Value)}'",
            YScalar s when s.Kind != YScalarKind.Null => $"{s.KindName} ({Truncate(s.Value)})",
            _ => node.KindName,
        };

        private static string Truncate(string value) => value.Length <= 40 ? value : value.Substring(0, 40) + "…";

        
        private static bool IsMountObject(string path) =>
            System.Text.RegularExpressions.Regex.IsMatch(path ?? string.Empty, @"mounts\[\d+\]$");

        private static YMapping? FindMapping(YNode? node, JToken? token)
        {
            if (node is YMapping m)
            {
                return m;
            }

            // For some kinds the token is a property or a value inside the object.
            var parent = token?.Parent;
            while (parent is not null)
            {
                if (parent is JObject && NodeOf(parent) is YMapping pm)
                {
                    return pm;
                }

                parent = parent.Parent;
            }

            return null;
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

        private static string LastKey(string path, string property)
        {
            if (!string.IsNullOrEmpty(property))
            {
                return property;
            }

            var trimmed = DescribePath(path);
            var dot = trimmed.LastIndexOf('.');
            return dot >= 0 ? trimmed.Substring(dot + 1) : trimmed;
        }

        /// <summary>NJsonSchema paths look like '#/groups[0].mounts[1]'; show them as 'groups[0].mounts[1]'.</summary>
        private static string DescribePath(string? path)
        {
            var p = path ?? string.Empty;
            if (p.StartsWith("#/", StringComparison.Ordinal))
            {
                p = p.Substring(2);
            }
            else if (p == "#")
            {
                p = string.Empty;
            }

            return p;
        }

        private static JToken? Resolve(JToken root, string? path)
        {
            var p = DescribePath(path);
            if (p.Length == 0)
            {
                return root;
            }

            try
            {
                return root.SelectToken(p);
            }
            catch (Newtonsoft.Json.JsonException)
            {
                return null;
            }
        }

        /// <summary>The YAML node a token was converted from (for a property: its key), or null.</summary>
        private static YNode? NodeOf(JToken token) => token.Annotation<YNode>();

        /// <summary>
        /// The JSON tree NJsonSchema validates. Each token carries the YAML node it came from as an annotation (a
        /// property carries its key), so errors map back to spans without an identity dictionary over every token.
        /// </summary>
        private static JToken ToJson(YNode node, YNode? asEmptyList = null)
        {
            if (asEmptyList is not null && ReferenceEquals(node, asEmptyList))
            {
                var empty = new JArray();
                empty.AddAnnotation(node);
                return empty;
            }

            // Recursion depth is bounded by YamlReader.MaxDepth.
            JToken token;
            switch (node)
            {
                case YScalar s:
                    token = s.Kind switch
                    {
                        YScalarKind.Null => JValue.CreateNull(),
                        YScalarKind.Bool => new JValue(s.Value.Equals("true", StringComparison.OrdinalIgnoreCase)),
                        YScalarKind.Int => new JValue(long.Parse(s.Value, System.Globalization.CultureInfo.InvariantCulture)),
                        YScalarKind.Float => new JValue(double.Parse(s.Value, System.Globalization.CultureInfo.InvariantCulture)),
                        _ => new JValue(s.Value),
                    };
                    break;
                case YSequence seq:
                    {
                        var array = new JArray();
                        foreach (var item in seq.Items)
                        {
                            array.Add(ToJson(item, asEmptyList));
                        }

                        token = array;
                        break;
                    }

                default:
                    {
                        var mapping = (YMapping)node;
                        var obj = new JObject();
                        foreach (var entry in mapping.Entries)
                        {
                            var property = new JProperty(entry.Key.Value, ToJson(entry.Value, asEmptyList));
                            obj.Add(property);
                            property.AddAnnotation(entry.Key);
                        }

                        token = obj;
                        break;
                    }
            }

            token.AddAnnotation(node);
            return token;
        }
    }
}
