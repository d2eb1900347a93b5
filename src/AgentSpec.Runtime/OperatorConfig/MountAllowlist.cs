// Over 300 lines on purpose: the strict allowlist parser and every message it gives, kept together so each key's rule is in one place.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AgentSpec.Runtime;

/// <summary>
/// The operator's mount allowlist (NanoClaw's shape), kept outside the project at
/// ~/.config/agentspec/mount-allowlist.json. Parsed strictly: a malformed file is an error, never ignored.
/// </summary>
internal sealed record MountAllowlist(IReadOnlyList<AllowedRoot> AllowedRoots, IReadOnlyList<string> BlockedPatterns, bool NonMainReadOnly)
{
    public const string Example = """
        {
          "allowedRoots": [
            { "path": "~/projects", "allowReadWrite": true, "description": "code the agents work on" },
            { "path": "~/notes", "allowReadWrite": false, "description": "reference notes" }
          ],
          "blockedPatterns": [],
          "nonMainReadOnly": true
        }
        """;

    private static readonly string[] RootKeys = { "path", "allowReadWrite", "readOnly", "description" };
    private static readonly string[] TopKeys = { "allowedRoots", "blockedPatterns", "nonMainReadOnly" };

    /// <summary>The largest allowlist read, checked before reading (a real allowlist is a few hundred bytes).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// Loads the allowlist; null when the file does not exist. The file must be trusted first (<see cref="FileTrust"/>:
    /// a regular file, or a symlink whose real path is checked the same way, owned by the invoking user or root,
    /// not writable by group or others, in folders likewise), at most <see cref="MaxBytes"/> long (checked before
    /// reading, and the read itself is bounded), strict JSON without duplicate keys. With <paramref name="home"/>,
    /// the roots are checked on the host too (<see cref="RootProblems"/>). Throws <see cref="RuntimeError"/>
    /// listing every problem, also when the file lies inside one of <paramref name="writable"/>.
    /// </summary>
    public static MountAllowlist? Load(string path, string? home = null, IReadOnlyList<WritableFolder>? writable = null)
    {
        if (TrustedConfigFile.Read(path, "the mount allowlist", MaxBytes, TooLarge, writable) is not { } file)
        {
            return null;
        }

        var list = Parse(file.Bytes, file.Described);
        if (home is not null && list.RootProblems(home) is { Count: > 0 } problems)
        {
            throw Malformed(file.Described, problems);
        }

        return list;
    }

    /// <summary>This allowlist as the JSON file <see cref="Load"/> reads (every key written, so the intent is explicit).</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("allowedRoots");
            foreach (var root in AllowedRoots)
            {
                w.WriteStartObject();
                w.WriteString("path", root.Path);
                w.WriteBoolean("allowReadWrite", root.AllowReadWrite);
                if (root.ReadOnly)
                {
                    w.WriteBoolean("readOnly", true);
                }

                if (root.Description is not null)
                {
                    w.WriteString("description", root.Description);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("blockedPatterns");
            foreach (var pattern in BlockedPatterns)
            {
                w.WriteStringValue(pattern);
            }

            w.WriteEndArray();
            w.WriteBoolean("nonMainReadOnly", NonMainReadOnly);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Parses allowlist JSON strictly; <paramref name="source"/> names the file in errors.</summary>
    public static MountAllowlist Parse(string json, string source) => Parse(Encoding.UTF8.GetBytes(json), source);

    /// <summary>Parses allowlist JSON (UTF-8) strictly: unknown or duplicate keys and wrong types are errors.</summary>
    public static MountAllowlist Parse(byte[] utf8, string source)
    {
        using (var doc = StrictJson.Parse(utf8, problems => Malformed(source, problems), out var errors))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(source, new[] { $"the top level must be an object with allowedRoots, blockedPatterns, nonMainReadOnly; got {Kind(root)}" });
            }

            foreach (var prop in root.EnumerateObject().Where(p => !TopKeys.Contains(p.Name)))
            {
                errors.Add($"unknown key '{prop.Name}'; the allowlist has only {string.Join(", ", TopKeys)}{DidYouMean(prop.Name, TopKeys)}");
            }

            var roots = ParseAllowedRoots(root, errors);
            var blocked = ParseBlockedPatterns(root, errors);
            var nonMainReadOnly = ParseNonMainReadOnly(root, errors);
            if (errors.Count > 0)
            {
                throw Malformed(source, errors);
            }

            return new MountAllowlist(roots, blocked, nonMainReadOnly);
        }
    }

    /// <summary>allowedRoots: required, an array of root objects (<see cref="ParseRoot"/>).</summary>
    private static List<AllowedRoot> ParseAllowedRoots(JsonElement root, List<string> errors)
    {
        var roots = new List<AllowedRoot>();
        if (!root.TryGetProperty("allowedRoots", out var allowed))
        {
            if (!Misspelt(root, "allowedRoots", TopKeys))
            {
                errors.Add("allowedRoots is missing; list the folders operator mounts may come from");
            }
        }
        else if (allowed.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"allowedRoots must be an array of objects; got {Kind(allowed)}");
        }
        else
        {
            var i = 0;
            foreach (var entry in allowed.EnumerateArray())
            {
                ParseRoot(entry, $"allowedRoots[{i++}]", roots, errors);
            }
        }

        return roots;
    }

    /// <summary>blockedPatterns: optional, an array of non-empty patterns, each checked (<see cref="PatternProblem"/>).</summary>
    private static List<string> ParseBlockedPatterns(JsonElement root, List<string> errors)
    {
        var blocked = new List<string>();
        if (!root.TryGetProperty("blockedPatterns", out var patterns))
        {
            return blocked;
        }

        if (patterns.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"blockedPatterns must be an array of strings; got {Kind(patterns)}");
            return blocked;
        }

        var i = 0;
        foreach (var p in patterns.EnumerateArray())
        {
            if (p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()))
            {
                errors.Add($"blockedPatterns[{i}] must be a non-empty string; got {Kind(p)}");
            }
            else if (PatternProblem(p.GetString()!) is { } problem)
            {
                errors.Add($"blockedPatterns[{i}] '{p.GetString()}' {problem}");
            }
            else
            {
                blocked.Add(p.GetString()!);
            }

            i++;
        }

        return blocked;
    }

    /// <summary>nonMainReadOnly: optional, true or false; true when missing (or wrong, with the error).</summary>
    private static bool ParseNonMainReadOnly(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("nonMainReadOnly", out var nmro))
        {
            return true;
        }

        if (nmro.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return nmro.GetBoolean();
        }

        errors.Add($"nonMainReadOnly must be true or false; got {Kind(nmro)}");
        return true;
    }

    /// <summary>
    /// What the host says about the roots: '/', '~' and the home folder itself (absolute or real path) are refused,
    /// and so is a root that is or passes through a symbolic link: it would be judged by its target, which
    /// whoever can change the link decides, so the real path must be written instead.
    /// </summary>
    public IReadOnlyList<string> RootProblems(string home)
    {
        var problems = new List<string>();
        var realHome = HostPaths.RealPathOrFull(home);
        for (var i = 0; i < AllowedRoots.Count; i++)
        {
            var declared = AllowedRoots[i].Path;
            var where = $"allowedRoots[{i}].path '{declared}'";
            if (HostPaths.Split(declared).Contains(".."))
            {
                problems.Add($"{where} contains '..'; write the folder it means without '..'");
                continue;
            }

            var expanded = Path.GetFullPath(HostPaths.ExpandHome(declared, home)).TrimEnd('/');
            var lexical = declared == "~" || declared.StartsWith("~/", StringComparison.Ordinal)
                ? Path.GetFullPath(HostPaths.ExpandHome(declared, realHome)).TrimEnd('/')
                : expanded;
            var resolved = HostPaths.Resolve(expanded.Length == 0 ? "/" : expanded);
            var real = resolved.RealPath;
            if (expanded.Length == 0 || real == "/")
            {
                problems.Add($"{where} is the whole host filesystem; list the specific folders agents may mount from, such as ~/projects");
            }
            else if (expanded == home.TrimEnd('/') || lexical == realHome || real == realHome)
            {
                problems.Add($"{where} is your whole home folder ({realHome}), with your keys and configuration; list specific folders inside it, such as ~/projects");
            }
            else if (real is not null && real != lexical)
            {
                problems.Add($"{where} is or passes through a symbolic link (real path {real}); a root is judged by where it really is, so write \"path\": \"{real}\" instead");
            }
        }

        return problems;
    }

    /// <summary>Why a blockedPatterns entry cannot be honoured, or null. Patterns with '/' match consecutive path segments.</summary>
    private static string? PatternProblem(string pattern)
    {
        if (pattern.IndexOf('/') < 0)
        {
            return pattern is "." or ".." || pattern.StartsWith('~') ? "is not a folder or file name; write a name such as 'secrets', or a path such as 'projects/webapp'" : null;
        }

        var body = pattern.StartsWith("~/", StringComparison.Ordinal) ? pattern.Substring(2) : pattern.StartsWith('~') ? null : pattern;
        if (body is null)
        {
            return "uses the '~user' form; write '~/...' (your home) or an absolute path";
        }

        var segments = HostPaths.Split(body);
        if (segments.Length == 0)
        {
            return "names no folder (it would block everything or nothing); write a name or a path such as 'projects/webapp'";
        }

        return segments.Any(s => s is "." or "..") ? "contains '.' or '..'; write the segments it means, such as 'projects/webapp'" : null;
    }

    private static RuntimeError TooLarge(string described, long size) =>
        new($"the mount allowlist {described} is {size} bytes, more than the {MaxBytes} bytes an allowlist may have; nothing was read. Point --allowlist at the real allowlist (a JSON file of a few lines, e.g.:{Environment.NewLine}{Example})");

    private static void ParseRoot(JsonElement entry, string where, List<AllowedRoot> roots, List<string> errors)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            var got = entry.ValueKind == JsonValueKind.String ? $"a string (\"{entry.GetString()}\"); write {{ \"path\": \"{entry.GetString()}\", \"allowReadWrite\": false, \"description\": \"...\" }}" : Kind(entry);
            errors.Add($"{where} must be an object with path, allowReadWrite, description; got {got}");
            return;
        }

        var ok = true;
        foreach (var prop in entry.EnumerateObject().Where(p => !RootKeys.Contains(p.Name)))
        {
            var near = DidYouMean(prop.Name, RootKeys);
            errors.Add($"{where} has the unknown key '{prop.Name}'; an allowed root has only path, allowReadWrite, readOnly, description{near}");
            ok = false;
        }

        string? path = null;
        if (!entry.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()))
        {
            errors.Add($"{where}.path must be a non-empty string (an absolute path or ~/...)");
            ok = false;
        }
        else
        {
            path = p.GetString()!;
            if (!path.StartsWith("/", StringComparison.Ordinal) && path != "~" && !path.StartsWith("~/", StringComparison.Ordinal))
            {
                errors.Add($"{where}.path '{path}' must be absolute or start with ~/");
                ok = false;
            }
        }

        // NanoClaw's newer allowlists say readOnly per root instead of (or beside) allowReadWrite; either states the intent.
        var readWrite = RootFlag(entry, where, "allowReadWrite", errors, ref ok);
        var readOnly = RootFlag(entry, where, "readOnly", errors, ref ok);
        if (!entry.TryGetProperty("allowReadWrite", out _) && !entry.TryGetProperty("readOnly", out _))
        {
            if (!Misspelt(entry, "allowReadWrite", RootKeys) && !Misspelt(entry, "readOnly", RootKeys))
            {
                errors.Add($"{where}.allowReadWrite is missing; write true or false (or NanoClaw's readOnly) so the intent is explicit");
            }

            ok = false;
        }

        string? description = null;
        if (entry.TryGetProperty("description", out var d))
        {
            if (d.ValueKind == JsonValueKind.String)
            {
                description = d.GetString();
            }
            else
            {
                errors.Add($"{where}.description must be a string; got {Kind(d)}");
                ok = false;
            }
        }

        if (ok && path is not null)
        {
            roots.Add(new AllowedRoot(path, readWrite ?? readOnly == false, description, readOnly == true));
        }
    }

    private static bool? RootFlag(JsonElement entry, string where, string key, List<string> errors, ref bool ok)
    {
        if (!entry.TryGetProperty(key, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add($"{where}.{key} must be true or false; got {Kind(value)}");
        ok = false;
        return null;
    }

    private static string DidYouMean(string key, string[] keys) =>
        AgentSpec.Core.Yaml.Suggest.Nearest(key, keys) is { } near ? $": did you mean '{near}'?" : string.Empty;

    // A misspelt key is one mistake: its near-miss is not reported missing as well.
    private static bool Misspelt(JsonElement obj, string key, string[] keys) =>
        obj.EnumerateObject().Any(p => !keys.Contains(p.Name) && AgentSpec.Core.Yaml.Suggest.Nearest(p.Name, keys) == key);

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => e.ValueKind.ToString(),
    };

    private static RuntimeError Malformed(string source, IEnumerable<string> problems) =>
        // The fix that goes with it (the host check's) shows the expected shape once.
        new($"the mount allowlist {source} is malformed:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}");
}
