using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;
using AgentSpec.Core.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The run-time re-check right before a spawn. It re-checks what only the host knows (real paths after
/// symlinks, existence, file vs directory, the data root, the operator allowlist) and may only NARROW the
/// compiled plan: a mount it cannot honour stops the spawn, unless the caller explicitly allowed a read-only
/// downgrade, which is then reported as a warning. Nothing is dropped silently.
/// </summary>
internal static class HostCheck
{
    /// <summary>Checks one plan. Never throws for mount problems: they are collected in the result.</summary>
    public static HostCheckResult Check(GroupPlan plan, HostCheckOptions options)
    {
        if (SessionNames.Refusal(options.Session) is { } session)
        {
            // Never resolve a session folder from a name that could be skill-data, .claude-shared or a path.
            var error = new HostCheckError(plan.Id, string.Empty, string.Empty, session, "pass a valid --session NAME");
            return new HostCheckResult(plan.Id, Array.Empty<ResolvedBind>(), Array.Empty<string>(), new[] { error });
        }

        var context = new HostCheckContext(plan, options);
        foreach (var problem in DataRootCheck.Problems(options.DataRoot, options.ResolvedHome, options.ResolvedAllowlistPath, context.Writable))
        {
            context.Errors.Add(new HostCheckError(plan.Id, string.Empty, string.Empty, problem.Reason, problem.Fix) { Kind = HostProblemKind.DataRoot });
        }

        var hostManaged = new HostManagedCheck(context);
        var operatorMount = new OperatorMountCheck(context);
        var binds = new List<ResolvedBind>();
        foreach (var mount in plan.Mounts)
        {
            var bind = mount.IsHostManaged ? hostManaged.Check(mount) : operatorMount.Check(mount);
            if (bind is not null)
            {
                binds.Add(bind);
            }
        }

        new MountPointCheck(context).Check(binds);
        var toCreate = binds.Where(b => context.ToCreate.Contains(b)).ToList();
        return context.Errors.Count == 0 || options.BeforeInit
            ? new HostCheckResult(plan.Id, binds.Except(toCreate).ToList(), context.Warnings, context.Errors) { ToCreate = toCreate }
            : new HostCheckResult(plan.Id, Array.Empty<ResolvedBind>(), context.Warnings, context.Errors);
    }
}
