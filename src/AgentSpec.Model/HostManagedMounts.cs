using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Model;

/// <summary>
/// The one table of host-managed mounts (DESIGN.md). The generator compiles it into every plan and
/// <see cref="MountSet"/> refuses a plan whose host-managed part differs from it.
/// Host sources are templates: {dataRoot} is the data root the operator chooses at run time, {id} the
/// group id, {folder} the group folder, {session} the session name ("default" unless one is named).
/// </summary>
public static class HostManagedMounts
{
    public const string DataRootToken = "{dataRoot}";
    public const string IdToken = "{id}";
    public const string FolderToken = "{folder}";
    public const string SessionToken = "{session}";
    public const string DefaultSession = "default";

    /// <summary>A group's private data folder; never mounted whole (its children are: session, skill-data, .claude-shared).</summary>
    public const string GroupDataTemplate = "{dataRoot}/data/v2-sessions/{id}";

    /// <summary>
    /// Operator mounts land below this container path. It is itself a host-managed mount (a read-only tmpfs,
    /// new and empty for every run), so no agent can replace it with a symbolic link that moves later mounts.
    /// </summary>
    public const string OperatorMountRoot = "/workspace/extra";

    /// <summary>The host source written for a tmpfs mount: there is no host folder, the engine creates it per run.</summary>
    public const string TmpfsSource = "tmpfs";

    public const string SkillDataDirVariable = "SKILL_DATA_DIR";
    public const string SkillDataContainerPath = "/workspace/skill-data";

    /// <summary>The container path of the host-managed .claude mount (Claude's state).</summary>
    public const string ClaudeContainerPath = "/home/node/.claude";

    /// <summary>
    /// HOME in every container, whatever its user: the parent of <see cref="ClaudeContainerPath"/>, so <c>~/.claude</c> is the
    /// host-managed mount for uid 1000 and for any other uid alike (NanoClaw sets HOME=/home/node when it maps another uid).
    /// </summary>
    public const string HomeVariable = "HOME";

    /// <summary>The value of <see cref="HomeVariable"/>: /home/node.</summary>
    public const string HomeContainerPath = "/home/node";

    /// <summary>NanoClaw's runner layout: the composed CLAUDE.md, read-only inside the agent folder (group-init writes it).</summary>
    public const string ComposedClaudeMd = "CLAUDE.md";

    /// <summary>The runner's instruction fragments the composed CLAUDE.md imports, read-only inside the agent folder.</summary>
    public const string ClaudeFragments = ".claude-fragments";

    /// <summary>The shared CLAUDE.md every group imports (through the .claude-shared.md link in its folder), the operator's file.</summary>
    public const string SharedClaudeMd = "shared-CLAUDE.md";

    public const string SharedClaudeMdContainerPath = "/app/CLAUDE.md";

    /// <summary>The host-managed mounts in the order they are bound.</summary>
    public static IReadOnlyList<Mount> Table { get; } = new[]
    {
        Managed("workspace", "{dataRoot}/data/v2-sessions/{id}/{session}", "/workspace", readOnly: false),
        Managed("agent", "{dataRoot}/groups/{folder}", "/workspace/agent", readOnly: false),
        Managed("container.json", "{dataRoot}/groups/{folder}/container.json", "/workspace/agent/container.json", readOnly: true),
        Managed(ComposedClaudeMd, "{dataRoot}/groups/{folder}/CLAUDE.md", "/workspace/agent/CLAUDE.md", readOnly: true),
        Managed(ClaudeFragments, "{dataRoot}/groups/{folder}/.claude-fragments", "/workspace/agent/.claude-fragments", readOnly: true),
        Managed("skill-data", "{dataRoot}/data/v2-sessions/{id}/skill-data", SkillDataContainerPath, readOnly: false),
        Managed(".claude", "{dataRoot}/data/v2-sessions/{id}/.claude-shared", ClaudeContainerPath, readOnly: false),
        Managed("global", "{dataRoot}/groups/global", "/workspace/global", readOnly: true),
        Managed("skills", "{dataRoot}/container/skills", "/app/skills", readOnly: true),
        Managed("src", "{dataRoot}/container/agent-runner/src", "/app/src", readOnly: true),
        Managed(SharedClaudeMd, "{dataRoot}/container/CLAUDE.md", SharedClaudeMdContainerPath, readOnly: true),
        Managed("extra", TmpfsSource, OperatorMountRoot, readOnly: true, MountKind.Tmpfs),
    };

    /// <summary>Environment variables the host sets in every container; groups.yaml cannot set them.</summary>
    public static IReadOnlyDictionary<string, string> ReservedEnvironment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SkillDataDirVariable] = "points at the group's persistent skill-data folder",
        ["AGENTSPEC_GROUP_ID"] = "the id of the running group",
        ["AGENTSPEC_GROUP_FOLDER"] = "the folder of the running group",
        ["AGENTSPEC_MAIN"] = "whether the group is the main group",
        ["CLAUDE_CONFIG_DIR"] = "points at the host-managed .claude mount",
        [HomeVariable] = "the container user's home, which holds the host-managed .claude mount",
        // network: proxy sets these to the operator's proxy; from groups.yaml they would be replaced, so they are refused.
        ["HTTPS_PROXY"] = ProxyReason,
        ["HTTP_PROXY"] = ProxyReason,
        ["NO_PROXY"] = ProxyReason,
        ["https_proxy"] = ProxyReason,
        ["http_proxy"] = ProxyReason,
        ["no_proxy"] = ProxyReason,
    };

    private const string ProxyReason = "points at the operator's egress proxy when the group has network: proxy; the proxy is chosen on the host, in ~/.config/agentspec/egress-proxy.json";

    /// <summary>Environment every container gets, before the group's own env.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> BaseEnvironment(string id, string folder, bool isMain) => new[]
    {
        new KeyValuePair<string, string>(SkillDataDirVariable, SkillDataContainerPath),
        new KeyValuePair<string, string>(HomeVariable, HomeContainerPath),
        new KeyValuePair<string, string>("AGENTSPEC_GROUP_ID", id),
        new KeyValuePair<string, string>("AGENTSPEC_GROUP_FOLDER", folder),
        new KeyValuePair<string, string>("AGENTSPEC_MAIN", isMain ? "true" : "false"),
    };

    public static bool IsReservedEnvironmentName(string name) =>
        ReservedEnvironment.ContainsKey(name) || name.StartsWith("AGENTSPEC_", StringComparison.Ordinal);

    /// <summary>The host-managed mount whose container path equals or contains <paramref name="containerPath"/>, if any.</summary>
    public static Mount? Covering(string containerPath)
    {
        Mount? best = null;
        foreach (var mount in Table)
        {
            if (containerPath == mount.ContainerPath || containerPath.StartsWith(mount.ContainerPath + "/", StringComparison.Ordinal))
            {
                if (best is null || mount.ContainerPath.Length > best.ContainerPath.Length)
                {
                    best = mount;
                }
            }
        }

        return best;
    }

    /// <summary>The host-managed mount with this name or last container path segment (e.g. 'skill-data', 'skills').</summary>
    public static Mount? Named(string name) =>
        Table.FirstOrDefault(m => m.Name == name || m.ContainerPath.Substring(m.ContainerPath.LastIndexOf('/') + 1) == name);

    /// <summary>True for the host-managed mounts whose source is a file (container.json, CLAUDE.md, the shared CLAUDE.md); others are folders.</summary>
    public static bool IsFileSource(Mount mount) =>
        mount.IsHostManaged && (mount.Name == "container.json" || mount.Name == ComposedClaudeMd || mount.Name == SharedClaudeMd);

    /// <summary>Fills the template tokens of a host-managed host source.</summary>
    public static string Resolve(string template, string dataRoot, string id, string folder, string session = DefaultSession) =>
        template.Replace(DataRootToken, dataRoot.TrimEnd('/'))
            .Replace(IdToken, id)
            .Replace(FolderToken, folder)
            .Replace(SessionToken, session);

    private static Mount Managed(string name, string source, string target, bool readOnly, MountKind kind = MountKind.Bind) =>
        new(name, source, target, readOnly, MountOrigin.HostManaged, kind);
}
