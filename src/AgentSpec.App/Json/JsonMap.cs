namespace AgentSpec.App.Json;

/// <summary>JSON objects built from name/value lists (env, credentials): the entries in their order.</summary>
internal static class JsonMap
{
    /// <summary>The entries in order; a later duplicate name replaces the value, as a reader of the object would see it.</summary>
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<(string Name, string Value)> entries)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in entries)
        {
            map[name] = value;
        }

        return map;
    }
}
