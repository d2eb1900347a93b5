using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// `agentspec doctor`: every host problem of every selected group at once, each with its fix, without changing the
/// host (no group-init, no container, no pull). It runs the same checks as a spawn (<see cref="DataRootCheck"/>,
/// <see cref="HostCheck"/> with <see cref="HostCheckOptions.BeforeInit"/>, <see cref="MountAllowlist"/>,
/// <see cref="ContainerSecurity.CheckAccess"/>) and asks the engine whether it answers and has each image.
/// </summary>
internal sealed record HostDiagnosis(
    string DataRoot,
    string AllowlistPath,
    string Endpoint,
    bool EngineReachable,
    IReadOnlyList<SharedHostProblem> Shared,
    IReadOnlyList<GroupDiagnosis> Groups,
    AllowlistSuggestion? AllowlistExample)
{
    /// <summary>Problems that concern the host rather than one mount, reported once however many mounts they stop.</summary>
    public static IReadOnlySet<HostProblemKind> SharedKinds { get; } = new HashSet<HostProblemKind>
    {
        HostProblemKind.DataRoot, HostProblemKind.AllowlistMissing, HostProblemKind.Allowlist, HostProblemKind.Engine, HostProblemKind.Image,
    };

    /// <summary>True when group-init would have to create the data root itself.</summary>
    public bool DataRootWillBeCreated => !Directory.Exists(DataRoot);

    public int ErrorCount => Shared.Count + Groups.Sum(g => g.Problems.Count);

    public int WarningCount => Groups.Sum(g => g.Warnings.Count);

    /// <summary>True when every selected group would start (warnings do not stop a spawn).</summary>
    public bool WouldStart => ErrorCount == 0;

    /// <summary>Diagnoses <paramref name="plans"/> with the options a run would use; engine calls give up after <paramref name="engineTimeout"/>.</summary>
    public static async Task<HostDiagnosis> RunAsync(IReadOnlyList<GroupPlan> plans, HostCheckOptions options, TimeSpan engineTimeout, CancellationToken cancellationToken = default)
    {
        var check = options with { BeforeInit = true, DockerEndpoint = options.ResolvedDockerEndpoint };
        var all = new List<HostCheckError>();
        var groups = new List<(GroupPlan Plan, HostCheckResult Result, ContainerUser? User)>();
        foreach (var plan in plans)
        {
            var result = HostCheck.Check(plan, check);
            all.AddRange(result.Errors);
            ContainerUser? user = null;
            try
            {
                user = ContainerSecurity.ResolveUser(plan);
                all.AddRange(ContainerSecurity.CheckAccess(plan.Id, result.Binds, user));
            }
            catch (RuntimeError e)
            {
                all.Add(new HostCheckError(plan.Id, string.Empty, string.Empty, e.Message, "set user: \"UID:GID\" (not 0) for the group in groups.yaml, or run agentspec as a non-root user") { Kind = HostProblemKind.User });
            }

            groups.Add((plan, result, user));
        }

        if (plans.Count > 0)
        {
            GatewayDiagnosis.Check(plans, check, all);
        }

        var reachable = await CheckEngineAsync(plans, check, engineTimeout, all, cancellationToken).ConfigureAwait(false);
        var example = SuggestAllowlist(plans, check, all);
        var shared = all.Where(e => SharedKinds.Contains(e.Kind))
            .GroupBy(e => (e.Kind, e.Reason))
            .Select(g => new SharedHostProblem(
                g.Key.Kind,
                g.Key.Reason,
                g.Key.Kind == HostProblemKind.AllowlistMissing && example is not null
                    ? $"create {check.ResolvedAllowlistPath} (a file only you can change, in a folder only you can change) with the allowlist below"
                    : g.Key.Kind == HostProblemKind.Allowlist && example is not null
                    ? $"fix what is said above, or replace {check.ResolvedAllowlistPath} with the allowlist below, "
                        + "which fits the groups it stops"
                    : g.First().Fix,
                g.Select(Affected).Where(a => a.Length > 0).Distinct().ToList()))
            .ToList();
        var diagnoses = groups.Select(g => new GroupDiagnosis(
                g.Plan.Id,
                g.Plan.Image,
                all.Where(e => e.GroupId == g.Plan.Id && !SharedKinds.Contains(e.Kind)).ToList(),
                g.Result.Warnings.Concat(DamagedFolders(g.Plan, check)).ToList(),
                g.Result.ToCreate)
            {
                User = g.User,
                StoppedBy = shared.Where(s => Stops(s, g.Plan.Id)).ToList(),
            })
            .ToList();
        return new HostDiagnosis(Path.GetFullPath(check.DataRoot), check.ResolvedAllowlistPath, check.ResolvedDockerEndpoint, reachable, shared, diagnoses, example);
    }

    /// <summary>A host problem that names no group (the engine) stops every group; else the groups and mounts it names.</summary>
    private static bool Stops(SharedHostProblem problem, string groupId) =>
        problem.Affects.Count == 0 || problem.Affects.Any(a => a == groupId || a.StartsWith(groupId + "/", StringComparison.Ordinal));

    /// <summary>The agent's folders whose mode the agent broke (skill-data at 000): the next run's group-init repairs them.</summary>
    private static IEnumerable<string> DamagedFolders(GroupPlan plan, HostCheckOptions check) =>
        AgentFolderModes.Damaged(plan, check.DataRoot, check.Session).Select(d =>
            $"'{d.Path}' has mode {d.Octal}: the agent cannot use it (did it chmod it?); the next run's group-init gives its owner read, " +
                $"write and search back (or run chmod u+rwx '{d.Path}')");

    private static string Affected(HostCheckError e) => e.MountName.Length == 0 ? e.GroupId : $"{e.GroupId}/{e.MountName}";

    /// <summary>Does the engine answer, and does it have every image? Inspect only: nothing is pulled.</summary>
    private static async Task<bool> CheckEngineAsync(IReadOnlyList<GroupPlan> plans, HostCheckOptions check, TimeSpan timeout, List<HostCheckError> problems, CancellationToken cancellationToken)
    {
        using var docker = new DockerLauncher(InstallId.For(check.DataRoot), check.ResolvedDockerEndpoint);
        var engineFix = "start the Docker engine (dockerd), or point DOCKER_HOST at the one to use";
        if (await EngineCallAsync(docker.PingAsync, timeout, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            problems.Add(new HostCheckError(string.Empty, string.Empty, string.Empty, unreachable, engineFix) { Kind = HostProblemKind.Engine });
            return false;
        }

        foreach (var image in plans.Select(p => p.Image).Distinct())
        {
            var present = false;
            if (await EngineCallAsync(async ct => present = await docker.ImagePresentAsync(image, ct).ConfigureAwait(false), timeout, cancellationToken).ConfigureAwait(false) is { } failed)
            {
                problems.Add(new HostCheckError(string.Empty, string.Empty, string.Empty, failed, engineFix) { Kind = HostProblemKind.Engine });
                return false;
            }

            if (!present)
            {
                foreach (var plan in plans.Where(p => p.Image == image))
                {
                    problems.Add(new HostCheckError(plan.Id, string.Empty, string.Empty, $"image {image} is not present on the engine at {docker.Endpoint}", EngineErrors.ImageMissingFix) { Kind = HostProblemKind.Image });
                }
            }
        }

        await GatewayDiagnosis.CheckImageAsync(docker, plans, check, call => EngineCallAsync(call, timeout, cancellationToken), problems).ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs one engine call with a time limit; returns why it failed, or null.</summary>
    private static async Task<string?> EngineCallAsync(Func<CancellationToken, Task> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await call(limit.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the Docker engine did not answer within {timeout.TotalSeconds:0} s";
        }
        catch (RuntimeError e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever the client library throws (a bad endpoint scheme, a protocol error): a diagnosis reports it.
            return $"cannot talk to the Docker engine: {e.Message}";
        }
    }

    /// <summary>
    /// The allowlist to write when it is missing or lacks roots, for the operator mounts whose only problems an
    /// allowlist fixes (besides a missing folder or the container user's access): null when there is none.
    /// </summary>
    private static AllowlistSuggestion? SuggestAllowlist(IReadOnlyList<GroupPlan> plans, HostCheckOptions check, IReadOnlyList<HostCheckError> problems)
    {
        // An allowlist that cannot be used (not trusted, malformed) gets an example too: one that fits the groups it stops.
        var fixable = new[]
        {
            HostProblemKind.Missing, HostProblemKind.AllowlistMissing, HostProblemKind.Allowlist, HostProblemKind.OutsideRoots, HostProblemKind.ContainerAccess,
        };
        var unusable = problems.Any(e => e.Kind == HostProblemKind.Allowlist);
        var home = check.ResolvedHome;
        var realHome = HostPaths.RealPathOrFull(home);
        var wanted = new List<(GroupPlan Plan, Mount Mount, string Real)>();
        foreach (var plan in plans)
        {
            foreach (var mount in plan.Mounts.Operator)
            {
                var own = problems.Where(e => e.GroupId == plan.Id && e.MountName == mount.Name).ToList();
                var allowlistFixes = own.Any(e => e.Kind is HostProblemKind.AllowlistMissing or HostProblemKind.Allowlist or HostProblemKind.OutsideRoots);
                if (allowlistFixes && own.All(e => fixable.Contains(e.Kind))
                    && HostPaths.Predict(HostPaths.ExpandHome(mount.HostSource, home)) is { } real)
                {
                    wanted.Add((plan, mount, real));
                }
            }
        }

        if (wanted.Count == 0)
        {
            return null;
        }

        // Roots are only added when some mount lacks one, so an existing allowlist loaded (and was trusted) to get here.
        MountAllowlist? existing = null;
        if (!unusable && !problems.Any(e => e.Kind == HostProblemKind.AllowlistMissing))
        {
            try
            {
                existing = MountAllowlist.Load(check.ResolvedAllowlistPath, home);
            }
            catch (Exception e) when (e is RuntimeError or IOException or UnauthorizedAccessException)
            {
                return null; // It changed since the check: the next doctor run reports what is wrong with it now.
            }
        }

        var roots = new List<AllowedRoot>(existing?.AllowedRoots ?? Array.Empty<AllowedRoot>());
        var covered = new List<string>();
        var notes = new List<string>();
        var nonMainReadWrite = false;
        foreach (var folder in wanted.GroupBy(w => w.Real))
        {
            var path = HostPaths.IsSameOrUnder(folder.Key, realHome) && folder.Key != realHome ? "~/" + Path.GetRelativePath(realHome, folder.Key) : folder.Key;
            var root = new AllowedRoot(path, folder.Any(w => !w.Mount.ReadOnly), "mounted by " + string.Join(", ", folder.Select(w => $"{w.Plan.Id}/{w.Mount.Name} ({w.Mount.Mode})")));
            var names = folder.Select(w => $"{w.Plan.Id}/{w.Mount.Name}").ToList();
            if (new MountAllowlist(new[] { root }, Array.Empty<string>(), true).RootProblems(home) is { Count: > 0 } refused)
            {
                notes.Add($"no allowlist can allow {string.Join(", ", names)}: {string.Join("; ", refused)}");
                continue;
            }

            roots.Add(root);
            covered.AddRange(names);
            nonMainReadWrite |= folder.Any(w => !w.Mount.ReadOnly && !w.Plan.IsMain);
        }

        if (covered.Count == 0)
        {
            return null;
        }

        if (unusable)
        {
            notes.Add("this content does not make the file trusted: fix what the allowlist problem above says too "
                + $"(a mode such as chmod 600 {check.ResolvedAllowlistPath})");
        }

        var list = new MountAllowlist(roots, existing?.BlockedPatterns ?? Array.Empty<string>(), (existing?.NonMainReadOnly ?? true) && !nonMainReadWrite);
        return new AllowlistSuggestion(list, covered, notes, existing is not null);
    }
}
