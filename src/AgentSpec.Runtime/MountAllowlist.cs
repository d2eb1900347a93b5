using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace AgentSpec.Runtime
{
    /// <summary>One allowed root of the operator allowlist.</summary>
    public sealed record AllowedRoot(string Path, bool AllowReadWrite, string? Description);

    /// <summary>
    /// The operator's mount allowlist (NanoClaw's shape), kept outside the project at
    /// ~/.config/agentspec/mount-allowlist.json. Parsed strictly: a malformed file is an error, never ignored.
    /// </summary>
    public sealed record MountAllowlist(IReadOnlyList<AllowedRoot> AllowedRoots, IReadOnlyList<string> BlockedPatterns, bool NonMainReadOnly)
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

        private static readonly string[] RootKeys = { "path", "allowReadWrite", "description" };
        private static readonly string[] TopKeys = { "allowedRoots", "blockedPatterns", "nonMainReadOnly" };

        /// <summary>Loads the allowlist; null when the file does not exist. Throws <see cref="RuntimeError"/> listing every problem of a malformed file.</summary>
        public static MountAllowlist? Load(string path)
        {
            if (!File.Exists(path))
            {
                return Directory.Exists(path)
                    ? throw new RuntimeError($"the mount allowlist {path} is a directory; it must be a JSON file such as:{Environment.NewLine}{Example}")
                    : null;
            }

            return Parse(File.ReadAllText(path), path);
        }

        /// <summary>Parses allowlist JSON strictly; <paramref name="source"/> names the file in errors.</summary>
        public static MountAllowlist Parse(string json, string source)
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json);
            }
            catch (JsonException e)
            {
                throw Malformed(source, new[] { $"it is not valid JSON ({e.Message})" });
            }

            using (doc)
            {
                var errors = new List<string>();
                var roots = new List<AllowedRoot>();
                var blocked = new List<string>();
                var nonMainReadOnly = true;
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw Malformed(source, new[] { $"the top level must be an object with allowedRoots, blockedPatterns, nonMainReadOnly; got {Kind(root)}" });
                }

                foreach (var prop in root.EnumerateObject().Where(p => !TopKeys.Contains(p.Name)))
                {
                    errors.Add($"unknown key '{prop.Name}'; the allowlist has only {string.Join(", ", TopKeys)}");
                }

                if (!root.TryGetProperty("allowedRoots", out var allowed))
                {
                    errors.Add("allowedRoots is missing; list the folders operator mounts may come from");
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

                if (root.TryGetProperty("blockedPatterns", out var patterns))
                {
                    if (patterns.ValueKind != JsonValueKind.Array)
                    {
                        errors.Add($"blockedPatterns must be an array of strings; got {Kind(patterns)}");
                    }
                    else
                    {
                        var i = 0;
                        foreach (var p in patterns.EnumerateArray())
                        {
                            if (p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()))
                            {
                                errors.Add($"blockedPatterns[{i}] must be a non-empty string; got {Kind(p)}");
                            }
                            else
                            {
                                blocked.Add(p.GetString()!);
                            }

                            i++;
                        }
                    }
                }

                if (root.TryGetProperty("nonMainReadOnly", out var nmro))
                {
                    if (nmro.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        nonMainReadOnly = nmro.GetBoolean();
                    }
                    else
                    {
                        errors.Add($"nonMainReadOnly must be true or false; got {Kind(nmro)}");
                    }
                }

                if (errors.Count > 0)
                {
                    throw Malformed(source, errors);
                }

                return new MountAllowlist(roots, blocked, nonMainReadOnly);
            }
        }

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
                errors.Add($"{where} has the unknown key '{prop.Name}'; an allowed root has only path, allowReadWrite, description");
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

            var readWrite = false;
            if (!entry.TryGetProperty("allowReadWrite", out var rw))
            {
                errors.Add($"{where}.allowReadWrite is missing; write true or false so the intent is explicit");
                ok = false;
            }
            else if (rw.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                readWrite = rw.GetBoolean();
            }
            else
            {
                errors.Add($"{where}.allowReadWrite must be true or false; got {Kind(rw)}");
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
                roots.Add(new AllowedRoot(path, readWrite, description));
            }
        }

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
            new($"the mount allowlist {source} is malformed:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}{Environment.NewLine}Fix the file; the expected shape is:{Environment.NewLine}{Example}");
    }
}
