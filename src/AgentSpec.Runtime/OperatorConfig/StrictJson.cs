using System;
using System.Collections.Generic;
using System.Text.Json;

namespace AgentSpec.Runtime;

/// <summary>JSON checks System.Text.Json does not make: it keeps the last of two equal keys without a word.</summary>
internal static class StrictJson
{
    /// <summary>
    /// Parses UTF-8 JSON for a strict reader: JSON that does not parse is thrown through <paramref name="malformed"/>;
    /// duplicate keys (which System.Text.Json keeps silently, the last one winning, while a reviewer may read the
    /// first) come back as the first <paramref name="errors"/>, for the reader to add its own to.
    /// </summary>
    public static JsonDocument Parse(byte[] utf8, Func<IEnumerable<string>, Exception> malformed, out List<string> errors)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw malformed(JsonSyntax.Problems(utf8, e));
        }

        errors = DuplicateKeys(utf8);
        return doc;
    }

    /// <summary>
    /// Every key that appears twice in the same object, at any depth, as "duplicate key 'K' in PATH (line N)".
    /// Syntax errors are left to the parser (the scan stops there).
    /// </summary>
    public static List<string> DuplicateKeys(byte[] utf8)
    {
        var problems = new List<string>();
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        frames.Push(new Frame(ChildPath(frames), reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        ValueDone(frames);
                        break;
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        var name = reader.GetString()!;
                        if (!frame.Keys.Add(name))
                        {
                            var where = frame.Path.Length == 0 ? "at the top level" : $"in {frame.Path}";
                            problems.Add($"duplicate key '{name}' {where} (line {Line(utf8, reader.TokenStartIndex)}); a key may appear once, so remove all but one");
                        }

                        frame.Name = name;
                        break;
                    default:
                        ValueDone(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not valid JSON: the parser reports it with its own position.
        }

        return problems;
    }

    private static string ChildPath(Stack<Frame> frames)
    {
        if (frames.Count == 0)
        {
            return string.Empty;
        }

        var parent = frames.Peek();
        return parent.IsObject
            ? (parent.Path.Length == 0 ? parent.Name ?? string.Empty : parent.Path + "." + parent.Name)
            : $"{parent.Path}[{parent.Index}]";
    }

    private static void ValueDone(Stack<Frame> frames)
    {
        if (frames.Count > 0 && !frames.Peek().IsObject)
        {
            frames.Peek().Index++;
        }
    }

    private static int Line(byte[] utf8, long index)
    {
        var line = 1;
        for (var i = 0; i < index && i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
            }
        }

        return line;
    }

    private sealed class Frame
    {
        public Frame(string path, bool isObject)
        {
            Path = path;
            IsObject = isObject;
        }

        public string Path { get; }

        public bool IsObject { get; }

        public HashSet<string> Keys { get; } = new();

        public string? Name { get; set; }

        public int Index { get; set; }
    }
}
