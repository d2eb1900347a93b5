using System.Text.Json;
using System.Text.RegularExpressions;
using AgentSpec.Core.Checks;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App.Import;

/// <summary>
/// One NanoClaw group (agent_groups + container_configs) to an AgentSpec group: identity, skills, image, the
/// additional mounts NanoClaw really mounts (its spawn-time check replayed), the agent block, and a note for each
/// thing that does not carry over.
/// </summary>
internal static class GroupTranslator
{
    public static ImportedGroup Translate(NanoClawGroup source, bool main, ImportContext import, List<ImportNote> notes, List<ImportedSecret> secrets)
    {
        var id = source.Id;
        if (!GroupRules.IsValidId(id))
        {
            id = Regex.Replace(source.Id.ToLowerInvariant(), "[^a-z0-9-]+", "-").Trim('-');
            id = id.Length == 0 || !char.IsAsciiLetterLower(id[0]) ? "g-" + id : id;
            id = id.Length > GroupRules.MaxNameLength ? id.Substring(0, GroupRules.MaxNameLength).TrimEnd('-') : id;
            notes.Add(new ImportNote("changed", id, $"id '{source.Id}'", $"is not an AgentSpec group id (lowercase letters, digits and '-', starting with "
                + $"a letter); "
                + $"written as '{id}'. Its data moves from data/v2-sessions/{source.Id}/ to data/v2-sessions/{id}/: move the folder to keep it")
            {
                Part = $"group:{id}",
            });
        }

        if (!GroupRules.IsValidFolder(source.Folder))
        {
            notes.Add(new ImportNote("changed", id, $"folder '{source.Folder}'", "is not an AgentSpec folder name; check reports it at this line, rename "
                + "the folder") { Part = $"group:{id}" });
        }

        if (!source.HasConfig)
        {
            notes.Add(new ImportNote("info", id, "container_configs", "the group has no container_configs row: NanoClaw creates one with defaults (all "
                + "skills, no mounts); "
                + "so does this file") { Part = $"group:{id}" });
        }

        var skills = Skills(source, id, notes);
        NotCarried(source, id, notes);
        var mounts = Mounts(source, id, main, import, notes);
        var agent = Agent(source, id, notes, secrets, import.AgentBlock);
        var name = source.Name.Length > 0 ? source.Name : id;
        return new ImportedGroup(id, name, source.Folder, main, skills, source.ImageTag, mounts, agent);
    }

    private static List<string>? Skills(NanoClawGroup source, string id, List<ImportNote> notes)
    {
        try
        {
            using var doc = JsonDocument.Parse(source.Skills);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.String && root.GetString() == "all")
            {
                return null;
            }

            if (root.ValueKind == JsonValueKind.Array && root.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String))
            {
                return root.EnumerateArray().Select(s => s.GetString()!).Distinct(StringComparer.Ordinal).ToList();
            }
        }
        catch (JsonException)
        {
        }

        notes.Add(new ImportNote("changed", id, "skills",
            $"{source.Skills} is neither \"all\" nor a list of names; written as all, as NanoClaw's default") { Part = $"skills:{id}" });
        return null;
    }

    private static void NotCarried(NanoClawGroup source, string id, List<ImportNote> notes)
    {
        foreach (var (column, value) in new[] { ("packages_apt", source.PackagesApt), ("packages_npm", source.PackagesNpm) })
        {
            if (value.Trim() is not ("[]" or ""))
            {
                var image = source.ImageTag is null ? "build them into the image in defaults.image" : $"they are in the image NanoClaw built "
                    + $"({source.ImageTag}, kept as image:)";
                notes.Add(new ImportNote("not-carried", id, $"{column} {value}",
                    $"AgentSpec does not build images; {image}") { Part = source.ImageTag is null ? "defaults.image" : $"image:{id}" });
            }
        }

        if (source.CliScope is { } scope && scope != "group")
        {
            notes.Add(new ImportNote("not-carried", id, $"cli_scope '{scope}'", "NanoClaw's in-container CLI scope has no AgentSpec setting; the "
                + "container has no NanoClaw CLI")
            {
                Part = $"group:{id}",
            });
        }

        if (source.ImageTag is { } tag)
        {
            notes.Add(new ImportNote("info", id, $"image_tag '{tag}'", "kept as the group's image: build or load it on this host before running (nothing "
                + "is pulled)")
            {
                Part = $"image:{id}",
            });
        }
    }

    private static List<ImportedMount> Mounts(NanoClawGroup source, string id, bool main, ImportContext import, List<ImportNote> notes)
    {
        var problems = new List<string>();
        var decisions = NanoClawMounts.Decide(source.AdditionalMounts, import.Allowlist, import.Home, import.ProjectRoot, problems);
        notes.AddRange(problems.Select(p => new ImportNote("dropped", id, "additional_mounts", p) { Part = $"group:{id}" }));
        var mounts = new List<ImportedMount>();
        foreach (var d in decisions)
        {
            var subject = $"mount {d.Index} ({d.Declared}{(d.ContainerPath is null ? string.Empty : " -> " + d.ContainerPath)})";
            if (!d.Mounted)
            {
                notes.Add(new ImportNote("dropped", id, subject,
                    $"NanoClaw silently drops it at spawn: {d.DropReason}; not carried over") { Part = $"mounts:{id}" });
                continue;
            }

            if (mounts.FirstOrDefault(m => m.ContainerPath == d.ContainerPath) is { } first)
            {
                notes.Add(new ImportNote("dropped", id, subject, $"its container path /workspace/extra/{d.ContainerPath} is also mount {first.Index}'s: "
                    + $"the engine refuses "
                    + "a duplicate mount point, so NanoClaw cannot spawn the group with both; only the first is carried over")
                {
                    Part = $"mount:{id}:{first.Index}",
                });
                continue;
            }

            foreach (var key in d.IgnoredKeys)
            {
                notes.Add(new ImportNote("not-carried", id, $"{subject} key '{key}'", "NanoClaw ignores it (a mount has hostPath, containerPath, readonly); "
                    + "left out, the mode written is the one NanoClaw used") { Part = $"mount:{id}:{d.Index}" });
            }

            var readOnly = d.ReadOnly;
            if (d.Downgrade is not null)
            {
                notes.Add(new ImportNote("downgraded", id, subject,
                    d.Downgrade + "; carried over read-only, as NanoClaw mounts it") { Part = $"mount:{id}:{d.Index}" });
            }

            if (!readOnly && d.Root?.ReadOnly == true)
            {
                readOnly = true;
                notes.Add(new ImportNote("downgraded", id, subject, $"NanoClaw v2.0.64 mounts it read-write (it does not read readOnly), but its allowed "
                    + $"root '{d.Root.Path}' "
                    + "says readOnly: true, which AgentSpec honours; carried over read-only") { Part = $"mount:{id}:{d.Index}" });
            }

            if (!readOnly && !main && import.Allowlist.NonMainReadOnly != false)
            {
                readOnly = true;
                notes.Add(new ImportNote("downgraded", id, subject, "NanoClaw v2.0.64 mounts it read-write into this non-main group (it does not read "
                    + "nonMainReadOnly), but "
                    + "the allowlist says nonMainReadOnly: true (or leaves it out: AgentSpec's default is true); carried over read-only")
                {
                    Part = $"mount:{id}:{d.Index}",
                });
            }

            mounts.Add(new ImportedMount(d.Index, HomeRelative(d.RealPath!, import.Home), d.ContainerPath!, readOnly));
            if (d.RealPath != Path.GetFullPath(HostPaths.ExpandHome(d.Declared, import.Home), import.ProjectRoot).TrimEnd('/'))
            {
                notes.Add(new ImportNote("changed", id, subject,
                    $"written as its real path {d.RealPath}, which is what NanoClaw binds") { Part = $"mount:{id}:{d.Index}" });
            }
        }

        return mounts;
    }

    private static ImportedAgent? Agent(NanoClawGroup source, string id, List<ImportNote> notes, List<ImportedSecret> secrets, bool supported)
    {
        var servers = McpTranslator.Translate(source, id, notes, secrets);
        var effort = source.Effort;
        if (effort is not null && !AgentSettings.EffortLevels.Contains(effort, StringComparer.Ordinal))
        {
            notes.Add(new ImportNote("not-carried", id, $"effort '{effort}'", $"is not one of {string.Join(", ", AgentSettings.EffortLevels)}; "
                + "left out, so the runner's default applies") { Part = $"agent:{id}" });
            effort = null;
        }

        var max = source.MaxMessagesPerPrompt;
        if (max is < 1 or > AgentSettings.MaxMessagesPerPromptLimit)
        {
            notes.Add(new ImportNote("not-carried", id, $"max_messages_per_prompt {max}", $"is outside 1..{AgentSettings.MaxMessagesPerPromptLimit}; left out, "
                + "so the runner's default (10) applies") { Part = $"agent:{id}" });
            max = null;
        }

        var agent = new ImportedAgent(source.Provider ?? source.AgentProvider, source.AssistantName, source.Model, effort, max, servers);
        if (!supported && !agent.IsEmpty)
        {
            notes.Add(new ImportNote("not-carried", id, "agent settings (provider, assistant name, model, effort, max messages, MCP servers)",
                "this agentspec's compiler has no agent block yet; upgrade agentspec and import again to carry them over") { Part = $"group:{id}" });
        }

        return agent;
    }

    private static string HomeRelative(string real, string home)
    {
        var realHome = HostPaths.RealPathOrFull(home);
        return HostPaths.IsSameOrUnder(real, realHome) && real != realHome ? "~/" + Path.GetRelativePath(realHome, real) : real;
    }
}
