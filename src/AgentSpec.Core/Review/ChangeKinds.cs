using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>The kinds of change, as they appear in every output format and in schemas/diff.schema.json.</summary>
internal static class ChangeKinds
{
    public const string GroupAdded = "group-added";
    public const string GroupRemoved = "group-removed";
    public const string GroupRenamed = "group-renamed";
    public const string NameChanged = "name-changed";
    public const string FolderChanged = "folder-changed";
    public const string MountAdded = "mount-added";
    public const string MountRemoved = "mount-removed";
    public const string MadeReadWrite = "mode-read-write";
    public const string MadeReadOnly = "mode-read-only";
    public const string HostPathWidened = "host-path-widened";
    public const string HostPathNarrowed = "host-path-narrowed";
    public const string HostPathMoved = "host-path-moved";
    public const string ContainerPathWidened = "container-path-widened";
    public const string ContainerPathNarrowed = "container-path-narrowed";
    public const string ContainerPathMoved = "container-path-moved";
    public const string MadeMain = "made-main";
    public const string MadeNonMain = "made-non-main";
    public const string PolicyRelaxed = "policy-relaxed";
    public const string PolicyTightened = "policy-tightened";
    public const string NetworkWidened = "network-widened";
    public const string NetworkNarrowed = "network-narrowed";
    public const string LimitsRaised = "limits-raised";
    public const string LimitsLowered = "limits-lowered";
    public const string ImageChanged = "image-changed";
    public const string UserChanged = "user-changed";
    public const string SkillsAdded = "skills-added";
    public const string SkillsRemoved = "skills-removed";
    public const string EnvAdded = "env-added";
    public const string EnvChanged = "env-changed";
    public const string EnvRemoved = "env-removed";
    public const string EgressAdded = "egress-added";
    public const string EgressRemoved = "egress-removed";
    public const string EgressWidened = "egress-widened";
    public const string EgressNarrowed = "egress-narrowed";
    public const string CredentialAdded = "credential-added";
    public const string CredentialRemoved = "credential-removed";
    public const string McpServerAdded = "mcp-server-added";
    public const string McpServerRemoved = "mcp-server-removed";
    public const string McpServerChanged = "mcp-server-changed";

    /// <summary>A file that decides what the build compiles (Directory.Build.*, *.rsp, project files, the CI workflow) changed between base and head.</summary>
    public const string BuildFileChanged = "build-file-changed";

    /// <summary>A build file names the groups file (AgentSpecGroupsFile/AgentSpecGroupsPath) differently in base and head: the build may compile another file.</summary>
    public const string GroupsFileRedirected = "groups-file-redirected";

    public static IReadOnlyList<string> All { get; } = new[]
    {
        GroupAdded, GroupRemoved, GroupRenamed, NameChanged, FolderChanged, MountAdded, MountRemoved, MadeReadWrite, MadeReadOnly,
        HostPathWidened, HostPathNarrowed, HostPathMoved, ContainerPathWidened, ContainerPathNarrowed, ContainerPathMoved,
        MadeMain, MadeNonMain, PolicyRelaxed, PolicyTightened, NetworkWidened, NetworkNarrowed, LimitsRaised, LimitsLowered,
        ImageChanged, UserChanged, SkillsAdded, SkillsRemoved, EnvAdded, EnvChanged, EnvRemoved,
        EgressAdded, EgressRemoved, EgressWidened, EgressNarrowed, CredentialAdded, CredentialRemoved,
        McpServerAdded, McpServerRemoved, McpServerChanged,
        BuildFileChanged, GroupsFileRedirected,
    };

    /// <summary>
    /// What a reviewer must know about a kind whose before/after values do not say it all, or null. The diff writers
    /// print these once per kind, under the changes.
    /// </summary>
    public static string? Explanation(string kind) => kind switch
    {
        GroupRenamed => "group-renamed: the id keys the group's data. Its sessions (/workspace), skill-data (/workspace/skill-data) and Claude state (/home/node/.claude, credentials included) come from data/v2-sessions/<id>/, so under the new id the group leaves its own data behind and inherits whatever lies under data/v2-sessions/<new id>/ (an earlier group's sessions, skill data and credentials). Only groups/<folder>/ (/workspace/agent) stays.",
        FolderChanged => "folder-changed: the folder keys only groups/<folder>/, mounted read-write at /workspace/agent (with its container.json): the group now reads and writes groups/<new folder>/ and whatever lies there. Its sessions, skill-data and Claude state stay under data/v2-sessions/<id>/.",
        BuildFileChanged => "build-file-changed: this file decides what `dotnet build` compiles (which groups file, which generator and packages, which workflow runs), and `diff` cannot evaluate it without running the pull request's code. A reviewer must read each such file before approving.",
        GroupsFileRedirected => "groups-file-redirected: a build file names the groups file the build compiles (AgentSpecGroupsFile or AgentSpecGroupsPath) differently in base and head, so the build may compile another file than the one this diff compares. Diff the file the build compiles, and read the build file.",
        EgressWidened => "egress-widened: the agent reaches more names than before through the same destination: an exact host became a wildcard, a wildcard "
            + "moved to a wider parent, or private: true lets the gateway connect to private addresses. Every name below a wildcard is a place data can go.",
        CredentialAdded => "credential-added: the gateway now adds a credential the operator holds (by name, from ~/.config/agentspec/credentials.json) to "
            + "requests to this destination: the agent can act with that key there without ever seeing it.",
        McpServerAdded => "mcp-server-added: the agent runner starts this program inside the group's container, with the container's access and "
            + "with the credentials the server's credentials: name (their values come from the operator's credentials.json at spawn).",
        _ => null,
    };
}
