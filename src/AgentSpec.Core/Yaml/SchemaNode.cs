using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AgentSpec.Core.Yaml;

/// <summary>
/// One node of schemas/groups.schema.json, compiled once. Only the keywords the schema uses are understood;
/// <see cref="SchemaModel.Load"/> refuses any other keyword, so the schema can never hold a constraint that is
/// silently not enforced. Annotations (description, examples, title, $schema, $id) are read and ignored.
/// </summary>
internal sealed class SchemaNode
{
    public SchemaTypes Types { get; set; }

    public IReadOnlyList<YScalar>? Enum { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    /// <summary>Declared properties, in schema order (the order "allowed keys" are listed in).</summary>
    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Properties { get; set; } = Array.Empty<KeyValuePair<string, SchemaNode>>();

    public IReadOnlyList<KeyValuePair<Regex, SchemaNode>> PatternProperties { get; set; } = Array.Empty<KeyValuePair<Regex, SchemaNode>>();

    /// <summary>null: any further key is allowed; <see cref="SchemaModel.Forbidden"/>: none is; else their values' schema.</summary>
    public SchemaNode? AdditionalProperties { get; set; }

    public IReadOnlyList<string> Required { get; set; } = Array.Empty<string>();

    public SchemaNode? Items { get; set; }

    public IReadOnlyList<SchemaNode>? AnyOf { get; set; }

    /// <summary>Set for a node that is only "$ref": resolved after loading, so definitions may refer to each other.</summary>
    public string? Ref { get; set; }

    public SchemaNode? Target { get; set; }

    /// <summary>The node a "$ref" points to, or this node.</summary>
    public SchemaNode Actual => Target ?? this;

    public SchemaNode? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (property.Key == name)
            {
                return property.Value;
            }
        }

        return null;
    }
}
