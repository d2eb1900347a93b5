using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime
{
    /// <summary>How to run groups: check options (data root, allowlist, downgrade), command override, user.</summary>
    public sealed record GroupRunOptions(HostCheckOptions Check)
    {
        /// <summary>Overrides the image's CMD; null keeps it.</summary>
        public IReadOnlyList<string>? Command { get; init; }

        /// <summary>The container user ("uid:gid"); null keeps the image's.</summary>
        public string? User { get; init; }

        /// <summary>A fixed run id (default: a new one per run).</summary>
        public string? RunId { get; init; }
    }

    /// <summary>Where one group's output goes.</summary>
    public sealed record GroupOutput(TextWriter Stdout, TextWriter Stderr);

    /// <summary>A prepared group: init done, host check passed, ready to launch.</summary>
    public sealed record PreparedGroup(GroupPlan Plan, InitReport Init, HostCheckResult Check, LaunchSpec Launch);

    /// <summary>The outcome of one run.</summary>
    public sealed record GroupRunResult(string GroupId, string RunId, int ExitCode, InitReport Init, IReadOnlyList<string> Warnings);

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

        /// <summary>Runs init and the host check for one group; throws <see cref="HostCheckFailedException"/> when a mount cannot be honoured.</summary>
        public static PreparedGroup Prepare(GroupPlan plan, GroupRunOptions options)
        {
            // Before init creates anything: the data root must be the operator's, outside blocked places and the allowlist's folder.
            DataRootCheck.EnsureUsable(options.Check.DataRoot, options.Check.ResolvedHome, options.Check.ResolvedAllowlistPath);
            LaunchTimings.Mark("before group-init");
            var init = GroupInit.Init(plan, options.Check.DataRoot, options.Check.Session);
            LaunchTimings.Mark("group-init");
            var check = HostCheck.Check(plan, options.Check);
            var binds = check.EnsureSucceeded();
            LaunchTimings.Mark("host check");
            var launch = new LaunchSpec(plan.Id, options.RunId ?? DockerLauncher.NewRunId(), plan.Image, binds, plan.Environment)
            {
                Command = options.Command,
                User = options.User,
            };
            return new PreparedGroup(plan, init, check, launch);
        }

        /// <summary>init → check → launch for one group; returns when the container has exited (and was removed).</summary>
        public async Task<GroupRunResult> RunAsync(GroupPlan plan, GroupRunOptions options, GroupOutput output, CancellationToken cancellationToken = default)
        {
            var prepared = Prepare(plan, WithEngine(options));
            return await LaunchAsync(prepared, output, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Runs several groups concurrently (for `up GROUP...`). Every group is initialized and checked first; if any
        /// check fails nothing is started and one <see cref="HostCheckFailedException"/> carries all groups' errors.
        /// </summary>
        public async Task<IReadOnlyList<GroupRunResult>> RunManyAsync(IReadOnlyList<GroupPlan> plans, GroupRunOptions options, Func<GroupPlan, GroupOutput> output, CancellationToken cancellationToken = default)
        {
            var prepared = new List<PreparedGroup>();
            var errors = new List<HostCheckError>();
            foreach (var plan in plans)
            {
                try
                {
                    prepared.Add(Prepare(plan, WithEngine(options)));
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

        /// <summary>The host check protects the folder of the socket this launcher actually talks to.</summary>
        private GroupRunOptions WithEngine(GroupRunOptions options) =>
            options.Check.DockerEndpoint is null ? options with { Check = options.Check with { DockerEndpoint = _docker.Endpoint } } : options;

        private async Task<GroupRunResult> LaunchAsync(PreparedGroup prepared, GroupOutput output, CancellationToken cancellationToken)
        {
            var exit = await _docker.RunAsync(prepared.Launch, output.Stdout, output.Stderr, cancellationToken).ConfigureAwait(false);
            return new GroupRunResult(prepared.Plan.Id, prepared.Launch.RunId, exit, prepared.Init, prepared.Check.Warnings);
        }
    }
}
