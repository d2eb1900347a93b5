using System.IO;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// NanoClaw's runner layout as group-init makes it: the composed groups/&lt;folder&gt;/CLAUDE.md (an entry point that
/// only imports: the shared CLAUDE.md through the .claude-shared.md link, then the fragments), the shared
/// container/CLAUDE.md of the data root, and the .claude-shared.md link (its target, /app/CLAUDE.md, is a container
/// path: dangling on the host, never followed by the host). Everything is done relative to descriptors opened without
/// following links; a link planted where a file or folder must be is refused, never followed.
/// </summary>
internal static class RunnerLayout
{
    /// <summary>The first line of the composed CLAUDE.md: it marks the file as the host's.</summary>
    public const string ComposedHeader =
        "<!-- Composed by agentspec group-init; do not edit. Edit CLAUDE.local.md for this group's own instructions. -->";

    /// <summary>The name of the link in the group folder that the composed CLAUDE.md imports.</summary>
    public const string SharedLinkName = ".claude-shared.md";

    /// <summary>The per-group memory Claude Code loads beside CLAUDE.md; the agent's own (read-write).</summary>
    public const string LocalClaudeMd = "CLAUDE.local.md";

    /// <summary>
    /// NanoClaw's default .claude-shared/settings.json (src/group-init.ts): agent teams, CLAUDE.md of added directories,
    /// auto memory, the PreCompact hook.
    /// </summary>
    public const string DefaultClaudeSettings = """
        {
          "env": {
            "CLAUDE_CODE_EXPERIMENTAL_AGENT_TEAMS": "1",
            "CLAUDE_CODE_ADDITIONAL_DIRECTORIES_CLAUDE_MD": "1",
            "CLAUDE_CODE_DISABLE_AUTO_MEMORY": "0"
          },
          "hooks": {
            "PreCompact": [
              {
                "hooks": [
                  {
                    "type": "command",
                    "command": "bun /app/src/compact-instructions.ts"
                  }
                ]
              }
            ]
          }
        }

        """;

    /// <summary>The shared CLAUDE.md a new data root starts with; the operator edits it.</summary>
    public const string DefaultSharedClaudeMd =
        "# Shared instructions\n\nEvery agent group imports this file (read-only at /app/CLAUDE.md). "
        + "Edit it on the host in the data root's container/CLAUDE.md.\n";

    /// <summary>The composed entry point: imports only (NanoClaw's claude-md-compose shape).</summary>
    public static string ComposedClaudeMd() => ComposedHeader + "\n@./" + SharedLinkName + "\n";

    /// <summary>The content group-init creates a host-managed file source with (only when missing; never overwritten).</summary>
    public static string FileContent(Mount mount, GroupPlan plan) => mount.Name switch
    {
        HostManagedMounts.ComposedClaudeMd => ComposedClaudeMd(),
        HostManagedMounts.SharedClaudeMd => DefaultSharedClaudeMd,
        _ => ContainerConfigJson.Write(plan),
    };

    /// <summary>
    /// Before the composed CLAUDE.md is created: a CLAUDE.md that is not the host's (an older layout's per-group file,
    /// the agent's memory) is kept as CLAUDE.local.md when there is none yet, as NanoClaw's cut-over does (renameat in
    /// the folder's descriptor: the entry moved is the entry checked, a link is never followed).
    /// </summary>
    public static void KeepOlderClaudeMd(HostDirectory agentFolder)
    {
        if (agentFolder.Stat(HostManagedMounts.ComposedClaudeMd) is not { Kind: EntryKind.RegularFile } || agentFolder.Stat(LocalClaudeMd) is not null)
        {
            return;
        }

        var fd = agentFolder.OpenFile(HostManagedMounts.ComposedClaudeMd, Libc.O_RDONLY, 0);
        if (fd < 0)
        {
            return;
        }

        string first;
        using (var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle((System.IntPtr)fd, ownsHandle: true))
        using (var reader = new StreamReader(new FileStream(handle, FileAccess.Read)))
        {
            first = reader.ReadLine() ?? string.Empty;
        }

        if (first != ComposedHeader)
        {
            var dir = (int)agentFolder.Handle.DangerousGetHandle();
            Libc.renameat(dir, HostManagedMounts.ComposedClaudeMd, dir, LocalClaudeMd);
        }
    }

    /// <summary>
    /// Creates the .claude-shared.md link (to /app/CLAUDE.md) when the name is free; whatever else is there is the
    /// agent's (the folder is read-write in its container) and left alone: the host never reads through it.
    /// </summary>
    public static void EnsureSharedLink(HostDirectory agentFolder)
    {
        if (agentFolder.Stat(SharedLinkName) is null)
        {
            Libc.symlinkat(HostManagedMounts.SharedClaudeMdContainerPath, (int)agentFolder.Handle.DangerousGetHandle(), SharedLinkName);
        }
    }
}
