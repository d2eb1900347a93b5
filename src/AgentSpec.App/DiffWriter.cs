using System.Globalization;
using System.Text;
using AgentSpec.App.Json;
using AgentSpec.Core.Review;

namespace AgentSpec.App;

/// <summary>An access diff as a terminal table, a pull-request comment (Markdown) or JSON (schemas/diff.schema.json).</summary>
internal static class DiffWriter
{
    /// <summary>The first line of the Markdown comment: CI finds its earlier comment by it and replaces it (a sticky comment).</summary>
    public const string MarkdownMarker = "<!-- agentspec-diff -->";

    public static string Effect(ChangeEffect effect) => effect switch
    {
        ChangeEffect.Grant => "grant",
        ChangeEffect.Revoke => "revoke",
        _ => "neutral",
    };

    /// <summary>"grants 2 write accesses to 1 group; relaxes the file policy; revokes 1 access from 1 group; 1 neutral change", or "no access changes".</summary>
    public static string Summary(IReadOnlyList<AccessChange> changes)
    {
        if (changes.Count == 0)
        {
            return "no access changes";
        }

        var parts = new List<string>();
        var grants = changes.Where(c => c.Effect == ChangeEffect.Grant && c.Group is not null).ToList();
        if (grants.Count > 0)
        {
            var writes = grants.Count(c => c.IsWriteGrant);
            var others = grants.Count - writes;
            var groups = grants.Select(c => c.Group).Distinct().Count();
            parts.Add("grants " + (writes == 0
                ? Count(others, "access", "accesses")
                : Count(writes, "write access", "write accesses") + (others > 0 ? " and " + Count(others, "other access", "other accesses") : string.Empty))
                + " to " + Count(groups, "group", "groups"));
        }

        // First: the rest of the summary describes only groups.yaml, which this build may not even compile.
        if (changes.Any(c => c.Kind == ChangeKinds.GroupsFileRedirected))
        {
            parts.Insert(0, "names the groups file differently: the build may compile another file");
        }

        var build = changes.Count(c => c.Kind == ChangeKinds.BuildFileChanged);
        if (build > 0)
        {
            parts.Insert(0, "changes " + Count(build, "build file", "build files") + " a reviewer must read");
        }

        var relaxed = changes.Count(c => c.Effect == ChangeEffect.Grant && c.Group is null && !IsBuildChange(c));
        if (relaxed > 0)
        {
            parts.Add("relaxes the file policy" + (relaxed > 1 ? " (" + Num(relaxed) + " settings)" : string.Empty));
        }

        var revokes = changes.Where(c => c.Effect == ChangeEffect.Revoke && c.Group is not null).ToList();
        if (revokes.Count > 0)
        {
            parts.Add("revokes " + Count(revokes.Count, "access", "accesses") + " from " + Count(revokes.Select(c => c.Group).Distinct().Count(), "group", "groups"));
        }

        var tightened = changes.Count(c => c.Effect == ChangeEffect.Revoke && c.Group is null && !IsBuildChange(c));
        if (tightened > 0)
        {
            parts.Add("tightens the file policy" + (tightened > 1 ? " (" + Num(tightened) + " settings)" : string.Empty));
        }

        var neutral = changes.Count(c => c.Effect == ChangeEffect.Neutral);
        if (neutral > 0)
        {
            parts.Add(Count(neutral, "neutral change", "neutral changes"));
        }

        return string.Join("; ", parts);
    }

    /// <summary>The summary and a table wrapped to <paramref name="width"/> (a change may take more than one line: scripts read --format json).</summary>
    public static void WriteText(TextWriter output, TextWriter error, string baseName, string headName, IReadOnlyList<AccessChange> changes, int width)
    {
        TextWrap.Write(output, $"{baseName} -> {headName}: {Summary(changes)}", width);
        if (changes.Count == 0)
        {
            return;
        }

        var rows = changes.Select(c => new[]
        {
            c.Group ?? (IsBuildChange(c) ? "(build)" : "(policy)"), Effect(c.Effect), c.Kind, c.Before ?? "-", c.After ?? "-", Lines(c),
        }).ToList();
        Table.Write(output, ["GROUP", "EFFECT", "CHANGE", "BEFORE", "AFTER", "LINE (BASE -> HEAD)"], rows, width, indent: "  ");

        // On standard error, so standard output is the summary and the table alone.
        foreach (var note in Explanations(changes))
        {
            error.WriteLine("agentspec: " + note);
        }
    }

    /// <summary>A change to a file that decides what the build compiles, rather than to groups.yaml itself.</summary>
    public static bool IsBuildChange(AccessChange change) =>
        change.Kind is ChangeKinds.BuildFileChanged or ChangeKinds.GroupsFileRedirected;

    /// <summary>The explanation of each kind present that needs one (<see cref="ChangeKinds.Explanation"/>), once each.</summary>
    private static IEnumerable<string> Explanations(IReadOnlyList<AccessChange> changes) =>
        changes.Select(c => c.Kind).Distinct().Select(ChangeKinds.Explanation).OfType<string>();

    public static void WriteMarkdown(TextWriter output, string baseName, string headName, IReadOnlyList<AccessChange> changes)
    {
        var md = new StringBuilder();
        md.Append(MarkdownMarker).Append('\n');
        md.Append("### AgentSpec access diff: ").Append(Code(baseName)).Append(" → ").Append(Code(headName)).Append("\n\n");
        var grants = changes.Any(c => c.Effect == ChangeEffect.Grant);
        md.Append(grants ? "**" + Summary(changes) + "**" : Summary(changes)).Append("\n");
        foreach (var section in changes.GroupBy(c => c.Group ?? (IsBuildChange(c) ? BuildSection : null)))
        {
            md.Append('\n').Append(section.Key switch
            {
                null => "#### File policy",
                BuildSection => "#### Build files (what the build compiles; a reviewer must read each)",
                var group => "#### Group " + Code(group),
            }).Append("\n\n");
            md.Append("| effect | change | host path | container path | before → after | line |\n");
            md.Append("|---|---|---|---|---|---|\n");
            foreach (var c in section)
            {
                md.Append("| ").Append(c.Effect == ChangeEffect.Grant ? "**grant**" : Effect(c.Effect))
                    .Append(" | ").Append(c.Kind)
                    .Append(" | ").Append(c.HostPath is null ? string.Empty : Code(c.HostPath))
                    .Append(" | ").Append(c.ContainerPath is null ? string.Empty : Code(c.ContainerPath))
                    .Append(" | ").Append(Cell(c.Before ?? "—")).Append(" → ").Append(Cell(c.After ?? "—"))
                    .Append(" | ").Append(Lines(c, " → "))
                    .Append(" |\n");
            }
        }

        var notes = Explanations(changes).ToList();
        if (notes.Count > 0)
        {
            md.Append('\n');
            foreach (var note in notes)
            {
                md.Append("> ").Append(Cell(note)).Append("\n>\n");
            }

            md.Length -= 2; // the last quote line's empty continuation
        }

        output.Write(md.ToString());
    }

    /// <summary>The Markdown section key of build-file changes: not a group id (ids never contain a NUL).</summary>
    private const string BuildSection = "\0build";

    public static void WriteJson(TextWriter output, string baseName, string headName, IReadOnlyList<AccessChange> changes)
    {
        var counts = new DiffCountsJson(
            changes.Count(c => c.Effect == ChangeEffect.Grant),
            changes.Count(c => c.IsWriteGrant),
            changes.Count(c => c.Effect == ChangeEffect.Revoke),
            changes.Count(c => c.Effect == ChangeEffect.Neutral));
        var rows = changes.Select(c => new DiffChangeJson(
            c.Group, Effect(c.Effect), c.Kind, c.Before, c.After, c.BeforeLine, c.AfterLine, c.HostPath, c.ContainerPath, c.IsWriteGrant)).ToList();
        JsonOutput.Write(output, new DiffDocumentJson(baseName, headName, Summary(changes), counts, rows), AppJson.Default.DiffDocumentJson);
    }

    /// <summary>"12" (head only), "9 -> 12", or "9 -> -" when only the base writes it.</summary>
    private static string Lines(AccessChange c, string arrow = " -> ") =>
        c.BeforeLine is null && c.AfterLine is null ? "-"
        : c.BeforeLine is null ? Num(c.AfterLine!.Value)
        : Num(c.BeforeLine.Value) + arrow + (c.AfterLine is { } a ? Num(a) : "-");

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Count(int n, string one, string many) => Num(n) + " " + (n == 1 ? one : many);

    /// <summary>Inline code that survives any text: backticks longer than any run inside, pipes escaped for tables.</summary>
    private static string Code(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var ch in text)
        {
            run = ch == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var pad = text.StartsWith('`') || text.EndsWith('`') ? " " : string.Empty;
        // Inside a code span entities stay literal, so only what breaks the table row is replaced.
        return fence + pad + text.Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|") + pad + fence;
    }

    /// <summary>A table cell: no line breaks, '|' escaped, HTML and Markdown specials made literal.</summary>
    private static string Cell(string text) =>
        text.Replace("\r", " ").Replace("\n", " ").Replace("|", "\\|").Replace("<", "&lt;").Replace(">", "&gt;");
}
