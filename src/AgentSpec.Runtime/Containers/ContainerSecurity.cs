using System.Collections.Generic;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// What every container gets, whatever its plan says: a non-root user, no capabilities, no-new-privileges and
/// the <see cref="SeccompProfile"/>. One place, read by the launcher and by `plan` and `audit`.
/// </summary>
internal static class ContainerSecurity
{
    /// <summary>Capabilities dropped: all of them (no chown to root, no mknod of devices, no raw sockets...).</summary>
    public static IReadOnlyList<string> CapDrop { get; } = new[] { "ALL" };

    /// <summary>no-new-privileges: a setuid binary or file capability cannot raise the agent's rights inside the container.</summary>
    public const string NoNewPrivileges = "no-new-privileges";

    /// <summary>The engine's SecurityOpt list: no-new-privileges and the inline seccomp profile.</summary>
    public static IList<string> SecurityOptions() => new List<string> { NoNewPrivileges, "seccomp=" + SeccompProfile.JsonText };

    /// <summary>
    /// The container user when groups.yaml sets none (NanoClaw's rule): the invoking user's uid:gid, so what the
    /// agent writes belongs to the operator; or the image's node user 1000:1000 when agentspec runs as root.
    /// </summary>
    public static ContainerUser HostDefaultUser =>
        HostFiles.EffectiveUid is > 0 and var uid ? new ContainerUser(uid, HostFiles.EffectiveGid) : ContainerUser.Node;

    /// <summary>"the invoking user's uid:gid (1001:1001)" or "1000:1000, the image's node user (agentspec runs as root)".</summary>
    public static string DescribeHostDefault() =>
        HostFiles.EffectiveUid is > 0
            ? $"the invoking user, here {HostDefaultUser}"
            : "1000:1000, the node user of the image (agentspec runs as root here)";

    /// <summary>
    /// The user a run uses: an explicit override, else the plan's, else <see cref="HostDefaultUser"/>. Uid 0 and gid 0
    /// are refused here again (a hand-built plan or an override never went through AGS0412).
    /// </summary>
    public static ContainerUser ResolveUser(GroupPlan plan, ContainerUser? overrideUser = null)
    {
        var (user, source) = overrideUser is not null ? (overrideUser, "the run's user override")
            : plan.User is not null ? (plan.User, "groups.yaml")
            : (HostDefaultUser, "the host default (the invoking user)");
        EnsureNotRoot(plan.Id, user, source);
        return user;
    }

    /// <summary>Throws when <paramref name="user"/> is uid 0 or gid 0 (or out of range), saying where it came from and what to use instead.</summary>
    public static void EnsureNotRoot(string groupId, ContainerUser user, string? source = null)
    {
        if (user.Problem is { } problem)
        {
            throw new RuntimeError($"group '{groupId}': the container user {user}{(source is null ? string.Empty : " from " + source)} {problem}; containers never run as root. " +
                (source is not null && source.StartsWith("the host", System.StringComparison.Ordinal)
                    ? "Run agentspec as a user whose primary group is not 0, or set user: \"UID:GID\" in groups.yaml"
                    : "Use a numeric non-root user such as 1000:1000"));
        }
    }

    /// <summary>
    /// Operator mounts the container user could not use as declared: a read-write mount it cannot write would be
    /// read-only in effect (a silent downgrade), one it cannot read would be empty. Judged by owner and mode bits of
    /// the real path the engine binds; AgentSpec never changes the owner of an operator's folder.
    /// </summary>
    public static IReadOnlyList<HostCheckError> CheckAccess(string groupId, IEnumerable<ResolvedBind> binds, ContainerUser user)
    {
        var errors = new List<HostCheckError>();
        foreach (var bind in binds)
        {
            if (bind.Origin != MountOrigin.Operator || HostFiles.Lstat(bind.HostPath) is not { } stat)
            {
                continue;
            }

            var need = bind.ReadOnly ? "read" : "write";
            if (bind.ReadOnly ? !stat.ReadableBy(user.Uid, user.Gid) : !stat.WritableBy(user.Uid, user.Gid))
            {
                errors.Add(new HostCheckError(
                    groupId,
                    bind.MountName,
                    bind.ContainerPath,
                    $"the container runs as {user}, which cannot {need} {bind.HostPath} (owner {stat.Uid}:{stat.Gid}, mode {System.Convert.ToString((int)stat.Mode, 8)})",
                    bind.ReadOnly
                        ? $"make it readable for {user} (e.g. chmod o+rX), or set user: to a user that can read it"
                        : $"give it to the container user (chown {user} '{bind.HostPath}'), {(stat.Uid == 0 ? string.Empty : $"set user: in groups.yaml to its owner ({stat.Uid}:{stat.Gid}), ")}or declare the mount readonly: true")
                {
                    Kind = HostProblemKind.ContainerAccess,
                });
            }
        }

        return errors;
    }
}
