using System;
using System.Collections.Generic;
using System.Text.Json;

namespace AgentSpec.Runtime;

/// <summary>
/// JSON that does not parse, said in the product's voice: the 1-based line, what is wrong and what to write,
/// never System.Text.Json's own text (0-based lines, "LineNumber: 1 | BytePositionInLine: 4").
/// </summary>
internal static class JsonSyntax
{
    /// <summary>
    /// Every comment and every comma before a closing bracket (the two things people carry over from JSONC), or,
    /// when the file has neither, the place the parser stopped, from <paramref name="error"/>.
    /// </summary>
    public static IReadOnlyList<string> Problems(byte[] utf8, JsonException error)
    {
        var problems = Scan(utf8);
        if (problems.Count == 0)
        {
            var line = (error.LineNumber ?? 0) + 1;
            var column = (error.BytePositionInLine ?? 0) + 1;
            problems.Add(utf8.Length == 0 || IsBlank(utf8)
                ? "the file is empty; write a JSON object, as in the example"
                : $"line {line}, column {column}: this is not valid JSON (look for a missing comma, quote, colon or bracket just before it)");
        }

        return problems;
    }

    private static List<string> Scan(byte[] utf8)
    {
        var problems = new List<string>();
        var line = 1;
        var commaLine = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            var c = utf8[i];
            if (c == (byte)'\n')
            {
                line++;
            }
            else if (c == (byte)'"')
            {
                i = StringEnd(utf8, i, ref line);
                commaLine = 0;
            }
            else if (c == (byte)'/' && i + 1 < utf8.Length && utf8[i + 1] is (byte)'/' or (byte)'*')
            {
                var block = utf8[i + 1] == (byte)'*';
                problems.Add($"line {line}: a comment ('{(block ? "/*" : "//")}'); JSON has no comments, so remove it" +
                    " (a note about a root belongs in its \"description\")");
                i = block ? BlockCommentEnd(utf8, i, ref line) : LineEnd(utf8, i) - 1;
            }
            else if (c == (byte)',')
            {
                commaLine = line;
            }
            else if (c is (byte)'}' or (byte)']' && commaLine > 0)
            {
                problems.Add($"line {commaLine}: a comma after the last entry, before '{(char)c}'; JSON allows none there, so remove that comma");
                commaLine = 0;
            }
            else if (c is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                commaLine = 0;
            }
        }

        return problems;
    }

    private static int StringEnd(byte[] utf8, int start, ref int line)
    {
        for (var i = start + 1; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\\')
            {
                i++;
            }
            else if (utf8[i] == (byte)'"')
            {
                return i;
            }
            else if (utf8[i] == (byte)'\n')
            {
                line++;
            }
        }

        return utf8.Length;
    }

    private static int BlockCommentEnd(byte[] utf8, int start, ref int line)
    {
        for (var i = start + 2; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                line++;
            }
            else if (utf8[i] == (byte)'*' && i + 1 < utf8.Length && utf8[i + 1] == (byte)'/')
            {
                return i + 1;
            }
        }

        return utf8.Length;
    }

    private static int LineEnd(byte[] utf8, int start)
    {
        var i = start;
        while (i < utf8.Length && utf8[i] != (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static bool IsBlank(byte[] utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
