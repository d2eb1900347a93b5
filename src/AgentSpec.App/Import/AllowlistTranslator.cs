using AgentSpec.Runtime;

namespace AgentSpec.App.Import;

/// <summary>
/// NanoClaw's allowlist to AgentSpec's (same shape; docs/running.md): each usable root kept with what NanoClaw
/// really allows under it, the file's own blocked patterns kept (AgentSpec blocks NanoClaw's defaults and more by
/// itself), nonMainReadOnly as the operator wrote it (true when absent). A root AgentSpec refuses is left out, with why.
/// </summary>
internal static class AllowlistTranslator
{
    public static MountAllowlist? Translate(NanoClawAllowlist source, string home, List<ImportNote> notes)
    {
        if (source.Error is not null && source.Roots.Count == 0 && !File.Exists(source.Path))
        {
            notes.Add(new ImportNote("info", null, "mount allowlist", $"{source.Error}: NanoClaw mounts no additional folder, and no AgentSpec allowlist "
                + $"is written"));
            return null;
        }

        if (source.Error is not null)
        {
            notes.Add(new ImportNote("not-carried", null, "mount allowlist", $"{source.Error}; no AgentSpec allowlist is written"));
            return null;
        }

        var roots = new List<AllowedRoot>();
        foreach (var root in source.Roots)
        {
            if (root.Problem is not null)
            {
                notes.Add(new ImportNote("not-carried", null, $"allowlist {root.Problem}", "NanoClaw cannot use it either; left out"));
                continue;
            }

            // What NanoClaw v2.0.64 allows is allowReadWrite's truthiness; a newer readOnly: true narrows it.
            var translated = new AllowedRoot(root.Path!, root.AllowReadWrite, root.Description, root.ReadOnly == true);
            if (root.ReadOnly == false && !root.AllowReadWrite)
            {
                notes.Add(new ImportNote("changed", null, $"allowlist root '{root.Path}'", "says readOnly: false without allowReadWrite: true; NanoClaw "
                    + "v2.0.64 reads only "
                    + "allowReadWrite, so it allowed read-only mounts here: written as allowReadWrite: false (set it to true to allow read-write)"));
            }

            if (new MountAllowlist(new[] { translated }, Array.Empty<string>(), true).RootProblems(home) is { Count: > 0 } refused)
            {
                notes.Add(new ImportNote("not-carried", null, $"allowlist root '{root.Path}'", $"AgentSpec refuses it: {string.Join("; ", refused)}; left "
                    + $"out"));
                continue;
            }

            roots.Add(translated);
        }

        var patterns = new List<string>();
        foreach (var pattern in source.UserPatterns.Distinct(StringComparer.Ordinal))
        {
            try
            {
                MountAllowlist.Parse($$"""{ "allowedRoots": [], "blockedPatterns": [ "{{System.Text.Json.JsonEncodedText.Encode(pattern)}}" ] }""", "p");
                patterns.Add(pattern);
            }
            catch (RuntimeError)
            {
                notes.Add(new ImportNote("not-carried", null, $"blocked pattern '{pattern}'", "AgentSpec cannot honour it as a pattern (write a name or a "
                    + "path such as projects/webapp)"));
            }
        }

        if (patterns.Count > 0)
        {
            notes.Add(new ImportNote("info", null, "blocked patterns", $"{string.Join(", ", patterns)}: NanoClaw blocks a path that contains a pattern "
                + $"anywhere "
                + "(\"token\" blocks ~/tokenizer); AgentSpec matches whole names or path segments. The mounts above were checked the NanoClaw way"));
        }

        if (source.NonMainReadOnly is null)
        {
            notes.Add(new ImportNote("info", null, "nonMainReadOnly", "absent from NanoClaw's allowlist (NanoClaw v2.0.64 does not read it); written as "
                + "true, AgentSpec's default"));
        }

        return new MountAllowlist(roots, patterns, source.NonMainReadOnly ?? true);
    }
}
