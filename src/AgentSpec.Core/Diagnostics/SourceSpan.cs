using System;

namespace AgentSpec.Core.Diagnostics;

/// <summary>A region of groups.yaml: character offsets plus zero-based line/column, as Roslyn's LinePositionSpan wants them.</summary>
internal readonly record struct SourceSpan(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static readonly SourceSpan FileStart = new(0, 0, 0, 0, 0, 0);

    public int End => Start + Length;

    /// <summary>Clamps the span into a text of the given length so a location can never point outside the file.</summary>
    public SourceSpan ClampTo(int textLength)
    {
        var start = Math.Max(0, Math.Min(Start, textLength));
        var end = Math.Max(start, Math.Min(End, textLength));
        return this with { Start = start, Length = end - start };
    }

    public override string ToString() => $"({StartLine + 1},{StartColumn + 1})-({EndLine + 1},{EndColumn + 1})";
}
