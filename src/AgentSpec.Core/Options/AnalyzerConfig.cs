// Over 300 lines on purpose: the whole .editorconfig/.globalconfig reader (sections, globs, precedence) in one place.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentSpec.Core.Options;

/// <summary>
/// The part of Roslyn's analyzer-config handling that decides which options apply to groups.yaml, written
/// again without Roslyn so `agentspec check` grades findings exactly as `dotnet build` does. Pure: the caller
/// finds and reads the files (the .editorconfig files from the file's folder up to one with `root = true`, and
/// every .globalconfig above it, as the SDK's Microsoft.Managed.Core.targets does).
/// <para>Rules followed (Roslyn's AnalyzerConfig and AnalyzerConfigSet): lines starting with '#' or ';' are
/// comments, also after a value; keys are case-insensitive; a section name without '/' matches the file name in
/// any folder below the config's folder, one with '/' the path relative to it; globs: '*' (not '/'), '**'
/// (anything), '?', [abc], [!abc], [a-z], {a,b}, {1..9}, '\' escapes; later sections win within a file, nearer
/// .editorconfig files win over farther ones, and the files above the nearest `root = true` are ignored. A global
/// config's options apply to every file; for the same key a higher `global_level` wins (a file named
/// .globalconfig has 100, others 0), and two global configs of the same level that disagree unset the key; any
/// .editorconfig value wins over a global one. A protected rule ignores all of it (see <see cref="CompileOptions"/>).</para>
/// </summary>
internal static class AnalyzerConfig
{
    public const string EditorConfigName = ".editorconfig";
    public const string GlobalConfigName = ".globalconfig";

    private static readonly Regex SectionLine = new(@"^\s*\[(([^#;]|\\#|\\;)+)\]\s*([#;].*)?$", RegexOptions.CultureInvariant);
    private static readonly Regex PropertyLine = new(@"^\s*([\w\.\-_]+)\s*[=:]\s*(.*?)\s*([#;].*)?$", RegexOptions.CultureInvariant);

    /// <summary>Parses a config file that lives in <paramref name="directory"/> (absolute, '/' separated). Lines that are neither sections nor options are ignored, as Roslyn ignores them.</summary>
    public static AnalyzerConfigFile Parse(string text, string directory, string fileName)
    {
        var preamble = new List<ConfigOption>();
        var sections = new List<ConfigSection>();
        string? sectionName = null;
        var current = preamble;
        foreach (var raw in (text ?? string.Empty).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line.Substring(1);
            }

            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#' || trimmed[0] == ';')
            {
                continue;
            }

            var section = SectionLine.Match(line);
            if (section.Success)
            {
                Close(sectionName, current, sections);
                sectionName = section.Groups[1].Value;
                current = new List<ConfigOption>();
                continue;
            }

            var property = PropertyLine.Match(line);
            if (property.Success)
            {
                current.Add(new ConfigOption(property.Groups[1].Value.ToLowerInvariant(), property.Groups[2].Value));
            }
        }

        Close(sectionName, current, sections);
        var isGlobal = string.Equals(fileName, GlobalConfigName, StringComparison.OrdinalIgnoreCase) || IsTrue(Last(preamble, "is_global"));
        var level = Last(preamble, "global_level") is { } l && int.TryParse(l, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : string.Equals(fileName, GlobalConfigName, StringComparison.OrdinalIgnoreCase) ? 100 : 0;
        return new AnalyzerConfigFile(
            Normalize(directory).TrimEnd('/'),
            !isGlobal && IsTrue(Last(preamble, "root")),
            isGlobal,
            level,
            preamble.ToEquatableArray(),
            sections.ToEquatableArray());
    }

    /// <summary>
    /// The options that apply to <paramref name="filePath"/> (absolute): .editorconfig options (given in any order;
    /// they are ordered by folder depth here) over global ones. Keys are compared case-insensitively.
    /// </summary>
    public static IReadOnlyDictionary<string, string> OptionsFor(string filePath, IEnumerable<AnalyzerConfigFile> files)
    {
        var list = files.ToList();
        var result = GlobalOptions(filePath, list.Where(f => f.IsGlobal), sectionsToo: true);
        foreach (var pair in EditorConfigOptions(filePath, list.Where(f => !f.IsGlobal)))
        {
            result[pair.Key] = pair.Value;
        }

        return result;
    }

    /// <summary>
    /// The compile options for <paramref name="filePath"/>: `agentspec_diagnostic.ID.severity` from every option
    /// that applies (what the generator reads), then `dotnet_diagnostic.ID.severity` from the global configs'
    /// options, which Roslyn applies itself to every diagnostic and so wins.
    /// </summary>
    public static CompileOptions CompileOptionsFor(string filePath, IEnumerable<AnalyzerConfigFile> files)
    {
        var list = files.ToList();
        var all = OptionsFor(filePath, list);
        var global = GlobalOptions(filePath, list.Where(f => f.IsGlobal), sectionsToo: false);
        return CompileOptions.Read(k => all.TryGetValue(k, out var v) ? v : null, CompileOptions.AgentSpecKeyPrefix)
            .Then(CompileOptions.Read(k => global.TryGetValue(k, out var v) ? v : null, CompileOptions.DotnetKeyPrefix));
    }

    /// <summary>Whether a section name matches a path relative to the config's folder ('/' separated, no leading '/').</summary>
    public static bool SectionMatches(string sectionName, string relativePath)
    {
        var pattern = sectionName;
        if (pattern.IndexOf('/') < 0)
        {
            pattern = "**/" + pattern;
        }
        else if (pattern[0] == '/')
        {
            pattern = pattern.Substring(1);
        }

        return Glob.Matches(pattern, relativePath);
    }

    private static Dictionary<string, string> EditorConfigOptions(string filePath, IEnumerable<AnalyzerConfigFile> files)
    {
        var path = Normalize(filePath);
        var applicable = files
            .Where(f => path.StartsWith(f.Directory + "/", StringComparison.Ordinal))
            .OrderBy(f => f.Directory.Length)
            .ToList();
        var lastRoot = applicable.FindLastIndex(f => f.IsRoot);
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in applicable.Skip(Math.Max(0, lastRoot)))
        {
            var relative = path.Substring(file.Directory.Length + 1);
            foreach (var section in file.Sections)
            {
                if (SectionMatches(section.Name, relative))
                {
                    foreach (var option in section.Options)
                    {
                        result[option.Key] = option.Value;
                    }
                }
            }
        }

        return result;
    }

    private static Dictionary<string, string> GlobalOptions(string filePath, IEnumerable<AnalyzerConfigFile> files, bool sectionsToo)
    {
        var path = Normalize(filePath);
        var chosen = new Dictionary<string, (int Level, string? Value)>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            var options = file.Preamble.Where(o => o.Key != "is_global" && o.Key != "global_level").ToList();
            if (sectionsToo)
            {
                // A global config's sections name absolute paths.
                options.AddRange(file.Sections.Where(s => Normalize(s.Name) == path).SelectMany(s => s.Options));
            }

            foreach (var option in options.GroupBy(o => o.Key, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()))
            {
                if (!chosen.TryGetValue(option.Key, out var existing) || file.GlobalLevel > existing.Level)
                {
                    chosen[option.Key] = (file.GlobalLevel, option.Value);
                }
                else if (file.GlobalLevel == existing.Level && existing.Value != option.Value)
                {
                    // Roslyn warns (CS8700-family) and leaves the key unset.
                    chosen[option.Key] = (existing.Level, null);
                }
            }
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in chosen)
        {
            if (pair.Value.Value is { } value)
            {
                result[pair.Key] = value;
            }
        }

        return result;
    }

    private static void Close(string? name, List<ConfigOption> options, List<ConfigSection> sections)
    {
        if (name is not null)
        {
            sections.Add(new ConfigSection(name, options.ToEquatableArray()));
        }
    }

    private static string? Last(List<ConfigOption> options, string key) => options.LastOrDefault(o => o.Key == key)?.Value;

    private static bool IsTrue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string path) => path.Replace('\\', '/');

    /// <summary>EditorConfig globs, translated to an anchored regular expression.</summary>
    private static class Glob
    {
        public static bool Matches(string pattern, string path)
        {
            var ranges = new List<(long Min, long Max)>();
            var regex = new StringBuilder("^");
            var i = 0;
            if (!Translate(pattern, ref i, regex, ranges, inBraces: false) || i != pattern.Length)
            {
                return false; // Roslyn ignores a section whose name it cannot parse.
            }

            regex.Append('$');
            var match = Regex.Match(path, regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
            if (!match.Success)
            {
                return false;
            }

            for (var r = 0; r < ranges.Count; r++)
            {
                var group = match.Groups["n" + r.ToString(CultureInfo.InvariantCulture)];
                if (group.Success && !(long.TryParse(group.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= ranges[r].Min && n <= ranges[r].Max))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Translate(string p, ref int i, StringBuilder regex, List<(long, long)> ranges, bool inBraces)
        {
            while (i < p.Length)
            {
                var c = p[i];
                if (inBraces && (c == ',' || c == '}'))
                {
                    return true;
                }

                switch (c)
                {
                    case '*':
                        if (i + 1 < p.Length && p[i + 1] == '*')
                        {
                            i += 2;
                            if (i < p.Length && p[i] == '/')
                            {
                                // "**/" also matches no folder at all: a/**/b matches a/b.
                                regex.Append("(?:.*/)?");
                                i++;
                            }
                            else
                            {
                                regex.Append(".*");
                            }
                        }
                        else
                        {
                            regex.Append("[^/]*");
                            i++;
                        }

                        break;
                    case '?':
                        regex.Append("[^/]");
                        i++;
                        break;
                    case '[':
                        if (!CharacterClass(p, ref i, regex))
                        {
                            regex.Append(@"\[");
                            i++;
                        }

                        break;
                    case '{':
                        if (!Braces(p, ref i, regex, ranges))
                        {
                            return false;
                        }

                        break;
                    case '\\' when i + 1 < p.Length:
                        regex.Append(Regex.Escape(p[i + 1].ToString()));
                        i += 2;
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        i++;
                        break;
                }
            }

            return !inBraces;
        }

        private static bool CharacterClass(string p, ref int i, StringBuilder regex)
        {
            var end = p.IndexOf(']', i + 1);
            if (end < 0)
            {
                return false;
            }

            var body = p.Substring(i + 1, end - i - 1);
            var negate = body.StartsWith("!", StringComparison.Ordinal);
            if (negate)
            {
                body = body.Substring(1);
            }

            var sb = new StringBuilder(negate ? "[^/" : "[");
            foreach (var ch in body)
            {
                sb.Append(ch == '-' ? "-" : Regex.Escape(ch.ToString()).Replace("]", @"\]"));
            }

            regex.Append(sb).Append(']');
            i = end + 1;
            return true;
        }

        private static bool Braces(string p, ref int i, StringBuilder regex, List<(long, long)> ranges)
        {
            var close = p.IndexOf('}', i);
            var numeric = close > 0 ? Regex.Match(p.Substring(i + 1, close - i - 1), @"^(-?\d+)\.\.(-?\d+)$") : Match.Empty;
            if (numeric.Success
                && long.TryParse(numeric.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a)
                && long.TryParse(numeric.Groups[2].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b))
            {
                regex.Append("(?<n").Append(ranges.Count.ToString(CultureInfo.InvariantCulture)).Append(@">-?\d+)");
                ranges.Add((Math.Min(a, b), Math.Max(a, b)));
                i = close + 1;
                return true;
            }

            i++;
            regex.Append("(?:");
            while (true)
            {
                if (!Translate(p, ref i, regex, ranges, inBraces: true) || i >= p.Length)
                {
                    return false;
                }

                if (p[i] == '}')
                {
                    regex.Append(')');
                    i++;
                    return true;
                }

                regex.Append('|');
                i++;
            }
        }
    }
}
