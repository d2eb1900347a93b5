using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The orchestrator a CLI calls: group-init → host check → launch. A failed host check stops the spawn with
/// every error (<see cref="HostCheckFailedException"/>); warnings (explicit read-only downgrades) are returned.
/// </summary>
public sealed class GroupLauncher
{
    private readonly DockerLauncher _docker;

    public GroupLauncher(DockerLauncher docker)
    {
        _docker = docker;
    }

    /// <summary>
    /// Runs init, takes the group session's lock and runs the host check for one group; throws
    /// <see cref="HostCheckFailedException"/> when a mount cannot be honoured and <see cref="RuntimeError"/> when
    /// the session is already running. The caller disposes the result (the lock) once the container is gone.
    /// <paramref name="sessionCheck"/>, when given, is started as soon as the lock is held, so the engine answers while
    /// the host check runs; its result is only looked at (by the caller, before create) once the check has passed.
    /// </summary>
    internal static PreparedGroup Prepare(GroupPlan plan, GroupRunOptions options, Func<string, string, Task<ContainerInfo?>>? sessionCheck = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        RefuseUnsafePlan(plan);
        RunOptionChecks.Ensure(plan, options);
        // Before init creates anything: the data root must be the operator's, outside blocked places and the allowlist's folder.
        var writable = WritableFolders.Of(WritableFolders.Installation(plan, options.Check.Installation), options.Check.ResolvedHome);
        DataRootCheck.EnsureUsable(options.Check.DataRoot, options.Check.ResolvedHome, options.Check.ResolvedAllowlistPath, writable);
        options.Timings.Mark("before group-init");
        var user = ContainerSecurity.ResolveUser(plan, options.User);
        // The operator's proxy, trusted like the allowlist and never read from a folder a container can write.
        var proxy = plan.Network == NetworkMode.Proxy ? EgressProxyConfig.Load(options.Check.ResolvedEgressProxyPath, plan.Id, writable) : null;
        // Egress: the operator's gateway config and every credential the plan names, checked before anything is created.
        var gateway = plan.Network == NetworkMode.Gateway ? Gateway(plan, options, writable) : null;
        var proxyCa = proxy?.ReadCaCertificate(writable);
        // MCP credentials from the operator's credentials.json, read now: a missing one stops the spawn before init.
        var credentials = McpCredentials.Resolve(plan, options.Check.ResolvedCredentialsPath, writable);
        var init = GroupInit.Init(plan, options.Check.DataRoot, options.Check.Session, user, credentials);
        options.Timings.Mark("group-init");
        var runId = options.RunId ?? DockerLauncher.NewRunId();
        var name = DockerLauncher.ContainerName(plan.Id, options.Check.Session, runId);
        // Held until the container is removed: nothing else runs in this session folder while it is checked and bound.
        SessionLock sessionLock;
        try
        {
            sessionLock = SessionLock.Acquire(options.Check.DataRoot, plan.Id, options.Check.Session, $"container {name}, agentspec pid " +
                $"{Environment.ProcessId}, since {DateTime.UtcNow:u}");
        }
        catch
        {
            GroupInit.RemoveNewSessionFolder(init, plan, options.Check.DataRoot, options.Check.Session); // nothing half made is left
            throw;
        }

        // Under the lock, as before, but overlapping the host check: one engine round trip (and the client's first
        // connection) off the launch's critical path.
        var running = sessionCheck?.Invoke(plan.Id, options.Check.Session);
        try
        {
            var check = HostCheck.Check(plan, options.Check);
            var binds = check.EnsureSucceeded();
            if (ContainerSecurity.CheckAccess(plan.Id, binds, user) is { Count: > 0 } access)
            {
                throw new HostCheckFailedException(access);
            }

            options.Timings.Mark("host check");
            var environment = RunOptionChecks.Environment(HostTimezone.Environment(plan, options.Timezone ?? HostTimezone.Detect()), options.Environment);
            var launch = new LaunchSpec(plan.Id, runId, plan.Image, binds, environment)
            {
                Command = options.Command,
                Entrypoint = options.Entrypoint,
                Timeout = options.Timeout,
                Stdin = options.Stdin,
                Events = options.Events,
                Clock = clock,
                User = user,
                Limits = plan.Limits,
                Session = options.Check.Session,
                StopTimeout = options.StopTimeout,
                EgressProxy = proxy,
                Gateway = gateway,
                ProxyCa = proxyCa is null ? null : (proxyCa, GatewayPaths.Run(GatewayPaths.Root(options.Check.DataRoot), name)),
            };
            return new PreparedGroup(plan, init, check, launch, sessionLock) { SessionCheck = running };
        }
        catch
        {
            GroupInit.RemoveNewSessionFolder(init, plan, options.Check.DataRoot, options.Check.Session);
            sessionLock.Dispose();
            // The host check's error is the one reported; the engine's answer (or failure) no longer matters.
            running?.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>init → lock → check → launch for one group; returns when the container has exited (and was removed).</summary>
    public async Task<GroupRunResult> RunAsync(GroupPlan plan, GroupRunOptions options, GroupOutput output, CancellationToken cancellationToken = default)
    {
        using var prepared = Prepare(plan, WithEngine(options), SessionCheck(cancellationToken));
        return await LaunchAsync(prepared, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs several groups concurrently (for `up GROUP...`). Every group is initialized and checked first; if any
    /// check fails nothing is started and one <see cref="HostCheckFailedException"/> carries all groups' errors.
    /// </summary>
    public async Task<IReadOnlyList<GroupRunResult>> RunManyAsync(IReadOnlyList<GroupPlan> plans, GroupRunOptions options, Func<GroupPlan, GroupOutput> output, CancellationToken cancellationToken = default)
    {
        if (options.Stdin is not null && plans.Count > 1)
        {
            throw new RuntimeError("standard input can be forwarded to one container only; run the group that reads it on its own (run -i)");
        }

        var prepared = new List<PreparedGroup>();
        try
        {
            var errors = new List<HostCheckError>();
            foreach (var plan in plans)
            {
                try
                {
                    prepared.Add(Prepare(plan, WithEngine(options), SessionCheck(cancellationToken)));
                }
                catch (HostCheckFailedException e)
                {
                    errors.AddRange(e.Errors);
                }
            }

            if (errors.Count > 0)
            {
                throw new HostCheckFailedException(errors);
            }

            var runs = prepared.Select(p => LaunchAsync(p, output(p.Plan), cancellationToken)).ToList();
            return await Task.WhenAll(runs).ConfigureAwait(false);
        }
        finally
        {
            foreach (var p in prepared)
            {
                p.Dispose();
            }
        }
    }

    /// <summary>The gateway of a plan with egress: gateway.json, and the credentials it names from credentials.json (a missing one stops the spawn).</summary>
    private static GatewaySpec Gateway(GroupPlan plan, GroupRunOptions options, IReadOnlyList<WritableFolder> writable)
    {
        var credentials = CredentialFile.Load(options.Check.ResolvedCredentialsPath, writable);
        credentials.RequireForEgress(plan.Egress, $"group '{plan.Id}' has egress that");
        var config = GatewayConfig.Load(options.Check.ResolvedGatewayPath, plan.Id, writable);
        var named = plan.Egress.Select(r => r.Credential).OfType<string>().Distinct(StringComparer.Ordinal).Select(n => credentials.Find(n)!).ToList();
        return new GatewaySpec(config, GatewayPolicy.From(plan, options.Check.Session).ToJson(), named, GatewayPaths.Root(options.Check.DataRoot));
    }

    /// <summary>
    /// The build-time image and environment rules (AGS0414, AGS0415), again before anything touches the host: a
    /// plan may come from somewhere other than the compiler (a `with` copy, a hand-built GroupPlan, `run --image`).
    /// </summary>
    private static void RefuseUnsafePlan(GroupPlan plan)
    {
        if (Core.Checks.ImageReference.Refusal(plan.Image) is { } image)
        {
            throw new RuntimeError($"refusing to start group '{plan.Id}': {image}");
        }

        foreach (var variable in plan.Environment)
        {
            if (EnvironmentRules.InjectionReason(variable.Name) is { } injects)
            {
                throw new RuntimeError($"refusing to start group '{plan.Id}': its plan sets environment variable '{variable.Name}', which {injects}; a plan never carries loader or runtime variables (AGS0415). Remove it from groups.yaml and rebuild");
            }
        }

        RefuseUnsafeEnvironment(plan);
        RefuseSkillMismatch(plan);
    }

    /// <summary>
    /// The reserved-name rules (AGS0406, AGS0417) on the plan as given: the host-set variables come first and are
    /// exactly the host's values for this group; after them no reserved name (HOME, SKILL_DATA_DIR, AGENTSPEC_*,
    /// the proxy variables, ...), no name the engine would split, and no name twice.
    /// </summary>
    private static void RefuseUnsafeEnvironment(GroupPlan plan)
    {
        const string Rebuild = "; a plan's environment is the host's variables followed by groups.yaml's env. Build the plan with GroupPlan.Create, or remove it from groups.yaml and rebuild";
        var hostSet = HostManagedMounts.BaseEnvironment(plan.Id, plan.Folder, plan.IsMain);
        for (var i = 0; i < hostSet.Count; i++)
        {
            var expected = hostSet[i];
            if (i >= plan.Environment.Count || plan.Environment[i] != new EnvVar(expected.Key, expected.Value))
            {
                var found = i < plan.Environment.Count ? $"'{plan.Environment[i].Name}={plan.Environment[i].Value}'" : "nothing";
                throw new RuntimeError($"refusing to start group '{plan.Id}': environment entry {i + 1} of its plan must be the host's {expected.Key}={expected.Value}, but it is {found}" + Rebuild);
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < plan.Environment.Count; i++)
        {
            var name = plan.Environment[i].Name;
            if (EnvironmentRules.SplitCharacter(name) is { } split)
            {
                throw new RuntimeError($"refusing to start group '{plan.Id}': its plan sets environment variable '{TerminalEscaper.Escape(name)}', which contains {split.What}; {split.Effect} (AGS0417). Write '{TerminalEscaper.Escape(split.Suggestion)}' as the name" + Rebuild);
            }

            if (i >= hostSet.Count && HostManagedMounts.IsReservedEnvironmentName(name))
            {
                var why = HostManagedMounts.ReservedEnvironment.TryGetValue(name, out var reason) ? reason : "the AGENTSPEC_ prefix is reserved for the host";
                throw new RuntimeError($"refusing to start group '{plan.Id}': its plan sets environment variable '{name}', which is the host's ({why}; AGS0406). Remove it" + Rebuild);
            }

            if (!names.Add(name))
            {
                throw new RuntimeError($"refusing to start group '{plan.Id}': its plan sets environment variable '{name}' twice; the engine would keep one of them. Remove the second" + Rebuild);
            }
        }
    }

    /// <summary>The mounts below /app/skills must be exactly what the plan's skills declare (a `with` copy can change one without the other).</summary>
    private static void RefuseSkillMismatch(GroupPlan plan)
    {
        bool matches;
        try
        {
            matches = plan.Mounts.MountsSkills(plan.Skills);
        }
        catch (ArgumentException e)
        {
            throw new RuntimeError($"refusing to start group '{plan.Id}': {e.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0]} Fix its skills: list in groups.yaml and rebuild");
        }

        if (!matches)
        {
            var declared = plan.Skills is { } list ? "[" + string.Join(", ", list) + "]" : "all";
            throw new RuntimeError($"refusing to start group '{plan.Id}': its plan declares skills: {declared}, but its mounts below {SkillMounts.ContainerRoot} are not exactly those; build the plan's mounts with new MountSet(operatorMounts, skills) (GroupPlan.Create does), or rebuild from groups.yaml");
        }
    }

    /// <summary>The host check protects the folder of the socket this launcher actually talks to.</summary>
    private GroupRunOptions WithEngine(GroupRunOptions options) =>
        (options.Check.DockerEndpoint is null ? options with { Check = options.Check with { DockerEndpoint = _docker.Endpoint } } : options) with { Timings = _docker.Timings };

    /// <summary>Asks the engine for a container holding a group session (started by <see cref="Prepare"/> under the lock).</summary>
    private Func<string, string, Task<ContainerInfo?>> SessionCheck(CancellationToken cancellationToken) =>
        (groupId, session) => Task.Run(() => _docker.RunningSessionContainerAsync(groupId, session, cancellationToken), CancellationToken.None);

    private async Task<GroupRunResult> LaunchAsync(PreparedGroup prepared, GroupOutput output, CancellationToken cancellationToken)
    {
        // Under the lock: a container of this session whose agentspec process died (SIGKILL) still holds it.
        var sessionCheck = prepared.SessionCheck ?? _docker.RunningSessionContainerAsync(prepared.Plan.Id, prepared.Launch.Session, cancellationToken);
        if (await sessionCheck.ConfigureAwait(false) is { } running)
        {
            throw new RuntimeError($"group '{prepared.Plan.Id}' session '{prepared.Launch.Session}' " +
                $"{(running.State == "running" ? "is already running in" : "is held by")} container {running.Name} " +
                    $"({running.Status}{(running.State == "created" ? "; its agentspec ended before starting it" : string.Empty)}); one " +
                        $"container per group session at a time. Wait for it to finish, or stop and remove what this session left with " +
                            $"{SessionLock.StopCommand(prepared.Plan.Id, prepared.Launch.Session)}");
        }

        _docker.Timings.Mark("session check (client, list)");

        var launch = prepared.Launch;
        launch.Events?.Invoke(new GroupRunEvent(GroupRunEventKind.Initialized, launch.GroupId, launch.Session, launch.RunId, launch.ContainerName)
        {
            Elapsed = launch.Clock?.Elapsed ?? TimeSpan.Zero,
        });
        var exit = await _docker.RunContainerAsync(launch, output.Stdout, output.Stderr, cancellationToken).ConfigureAwait(false);
        return new GroupRunResult(prepared.Plan.Id, launch.RunId, exit.ExitCode, prepared.Init, prepared.Check.Warnings)
        {
            TimedOut = exit.TimedOut,
            ContainerName = launch.ContainerName,
        };
    }
}
