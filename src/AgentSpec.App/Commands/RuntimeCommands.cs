using System.CommandLine;
using System.Text.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.Cli.Commands;

/// <summary>init, run, up, ps, stop, cleanup: the commands that touch the host and the Docker engine.</summary>
internal static class RuntimeCommands
{
    private const string DataDirVariable = "AGENTSPEC_DATA_DIR";

    public static IEnumerable<Command> Create(CliContext context) => [Init(context), Run(context), Up(context), Ps(context), Stop(context), Cleanup(context)];

    internal static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"Data root holding groups/, data/ and container/ (default: ${DataDirVariable}, else $XDG_DATA_HOME/agentspec, else ~/.local/share/agentspec, created 0700).",
    };

    internal static Option<string?> AllowlistOption() => new("--allowlist")
    {
        Description = "Operator mount allowlist to use instead of $XDG_CONFIG_HOME/agentspec/mount-allowlist.json (else ~/.config/agentspec/mount-allowlist.json).",
    };

    /// <summary>--session for init, run and up: the session folder mounted at /workspace.</summary>
    internal static Option<string> SessionOption() => new("--session")
    {
        Description = $"The group session: its own /workspace folder data/v2-sessions/<id>/<session>/; skill-data and .claude-shared are shared by all sessions of a group. One container per group session at a time. {Capitalized(SessionNames.Shape)}.",
        DefaultValueFactory = _ => HostManagedMounts.DefaultSession,
    };

    /// <summary>--session for ps and stop: a filter; without it every session is meant.</summary>
    private static Option<string?> SessionFilterOption(string what) => new("--session")
    {
        Description = $"Only this session's containers (default: {what} of every session).",
    };

    private static Option<int> StopTimeoutOption() => new("--stop-timeout")
    {
        Description = $"On Ctrl-C or SIGTERM: seconds a container gets to stop after SIGTERM before it is killed; then it is removed (at most {DockerLauncher.MaxStopTimeout.TotalSeconds}).",
        DefaultValueFactory = _ => (int)DockerLauncher.DefaultStopTimeout.TotalSeconds,
    };

    internal static Option<bool> DowngradeOption() => new("--allow-readonly-downgrade")
    {
        Description = "Mount read-only, with a warning, a read-write mount that the allowlist only permits read-only (default: refuse to start).",
    };

    private static Command Init(CliContext context)
    {
        var group = new Argument<string[]>("group") { Description = "Groups to initialise (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var dataDir = DataDirOption();
        var session = SessionOption();
        var json = new Option<bool>("--json") { Description = "Print what was created as JSON." };
        var command = new Command("init", "Group-init: create a group's folders under the data root (groups/<folder>/, data/v2-sessions/<id>/ with the session folder, skill-data/ and .claude-shared/). Idempotent: never overwrites or deletes.")
        {
            group, dataDir, session, json,
        };
        command.SetAction(parse =>
        {
            var sessionName = Session(parse.GetValue(session));
            var ids = parse.GetValue(group) ?? [];
            var plans = ids.Length == 0 ? context.Plans.All : ids.Select(context.Plans.Get).ToList();
            var root = DataRoot(context, parse.GetValue(dataDir), create: true);
            var reports = Guard(() =>
            {
                DataRootCheck.EnsureUsable(root, context.Home, context.DefaultAllowlist, WritableFolders.Of(context.Plans.All, context.Home));
                return GroupInit.InitMany(plans, root, sessionName);
            });
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("dataRoot", root);
                    writer.WriteStartArray("groups");
                    foreach (var report in reports)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", report.GroupId);
                        writer.WriteStartArray("created");
                        foreach (var entry in report.Created)
                        {
                            writer.WriteStringValue(entry.ToString());
                        }

                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
            }
            else
            {
                foreach (var report in reports)
                {
                    context.Out.WriteLine(report.CreatedAnything
                        ? $"group {report.GroupId}: created {report.Created.Count} entr{(report.Created.Count == 1 ? "y" : "ies")}"
                        : $"group {report.GroupId}: already initialised, nothing changed");
                    foreach (var entry in report.Created)
                    {
                        context.Out.WriteLine("  + " + entry);
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Run(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The group to run." };
        var commandArgs = new Argument<string[]>("command") { Description = "Command and arguments for the container, after '--' (default: the image's CMD).", Arity = ArgumentArity.ZeroOrMore };
        var dataDir = DataDirOption();
        var image = new Option<string?>("--image") { Description = "Run this image instead of the plan's (it must be present on the engine; nothing is pulled)." };
        var allowlist = AllowlistOption();
        var downgrade = DowngradeOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Change nothing: report every host problem that would stop this run, as `agentspec doctor GROUP` does (exit 1 if any)." };
        var session = SessionOption();
        var stopTimeout = StopTimeoutOption();
        var command = new Command("run", "Run a group's container from its compiled plan: group-init, host re-check, launch through the Docker Engine API, stream its output and return its exit code. Ctrl-C or SIGTERM stops the container (SIGTERM, then SIGKILL after --stop-timeout), removes it and exits with 130 or 143.")
        {
            group, commandArgs, dataDir, image, allowlist, downgrade, session, stopTimeout, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // First: from here on Ctrl-C and SIGTERM stop what this run started instead of killing the process.
            using var signals = new ShutdownSignals(cancellationToken, context.Error, register: context.IsProcess);
            context.Timings.Mark("run action entered");
            var plan = context.Plans.Get(parse.GetValue(group)!);
            context.Timings.Mark("plan");
            plan = Plans.WithImage(plan, parse.GetValue(image));
            var options = RunOptions(context, parse, dataDir, allowlist, downgrade, session, stopTimeout, parse.GetValue(commandArgs), createDataRoot: !parse.GetValue(dryRun));
            context.Timings.Mark("options");
            if (parse.GetValue(dryRun))
            {
                return await DoctorCommand.DiagnoseAsync(context, [plan], options.Check, json: false, cancellationToken);
            }

            using var docker = context.Launcher(options.Check.DataRoot, signals.Report);
            context.Timings.Mark("launcher");
            try
            {
                var result = await GuardAsync(() => new GroupLauncher(docker).RunAsync(plan, options, RunOutput(context), signals.Token));
                ReportWarnings(context, result);
                return signals.Signal is null ? result.ExitCode : Interrupted(signals);
            }
            catch (OperationCanceledException) when (signals.Signal is not null)
            {
                return Interrupted(signals);
            }
        });
        return command;
    }

    private static Command Up(CliContext context)
    {
        var groups = new Argument<string[]>("groups") { Description = "Groups to run at once (default: all); after '--', the command and arguments for every container.", Arity = ArgumentArity.ZeroOrMore };
        var dataDir = DataDirOption();
        var allowlist = AllowlistOption();
        var downgrade = DowngradeOption();
        var cmd = new Option<string?>("--exec") { Description = "Shell command to run in every container (sh -c), instead of the image's CMD; or give the command after '--' as with run." };
        var session = SessionOption();
        var stopTimeout = StopTimeoutOption();
        var command = new Command("up", "Run several groups' containers concurrently (init and re-check all first; nothing starts if any check fails): `up GROUP... [-- CMD ARGS]`. Output lines are prefixed with the group id. Exits with the highest container exit code. Ctrl-C or SIGTERM stops every container (SIGTERM, then SIGKILL after --stop-timeout), removes them and exits with 130 or 143.")
        {
            groups, dataDir, allowlist, downgrade, cmd, session, stopTimeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var signals = new ShutdownSignals(cancellationToken, context.Error, register: context.IsProcess);
            var all = parse.GetValue(groups) ?? [];
            // After '--' the tokens are the container command (as with run), not groups.
            var commandCount = Arguments.AfterDoubleDash(parse).Count;
            var ids = all[..^commandCount];
            var commandArgs = all[^commandCount..];
            var plans = ids.Length == 0 ? context.Plans.All : ids.Distinct().Select(context.Plans.Get).ToList();
            var exec = parse.GetValue(cmd);
            if (exec is not null && commandArgs.Length > 0)
            {
                throw new CliException("give the container command either with --exec or after '--', not both", ExitCodes.Usage);
            }

            var options = RunOptions(context, parse, dataDir, allowlist, downgrade, session, stopTimeout, exec is null ? commandArgs : ["sh", "-c", exec]);
            var gate = new object();
            using var docker = context.Launcher(options.Check.DataRoot, message =>
            {
                lock (gate)
                {
                    signals.Report(message);
                }
            });
            IReadOnlyList<GroupRunResult> results;
            try
            {
                results = await GuardAsync(() => new GroupLauncher(docker).RunManyAsync(
                    plans,
                    options,
                    plan => new GroupOutput(UpWriter(context.Out, plan.Id, gate), UpWriter(context.Error, plan.Id, gate)),
                    signals.Token));
            }
            catch (OperationCanceledException) when (signals.Signal is not null)
            {
                return Interrupted(signals);
            }

            if (signals.Signal is not null)
            {
                return Interrupted(signals);
            }

            foreach (var result in results)
            {
                ReportWarnings(context, result);
                context.Error.WriteLine($"agentspec: group {result.GroupId} exited with {result.ExitCode}");
            }

            return results.Count == 0 ? ExitCodes.Success : results.Max(r => r.ExitCode);
        });
        return command;
    }

    private static Command Ps(CliContext context)
    {
        var dataDir = DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print the containers as JSON." };
        var session = SessionFilterOption("the containers");
        var command = new Command("ps", "List the containers this install (data root) started, found by label, with their group and session.") { dataDir, json, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var only = parse.GetValue(session) is { } name ? Session(name) : null;
            using var docker = context.Launcher(DataRoot(context, parse.GetValue(dataDir)));
            var list = (await GuardAsync(() => docker.ListAsync(null, cancellationToken))).Where(c => only is null || c.Session == only).ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context.Out, writer =>
                {
                    writer.WriteStartArray();
                    foreach (var c in list)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", c.Id);
                        writer.WriteString("name", c.Name);
                        writer.WriteString("group", c.GroupId);
                        writer.WriteString("session", c.Session);
                        writer.WriteString("run", c.RunId);
                        writer.WriteString("image", c.Image);
                        writer.WriteString("state", c.State);
                        writer.WriteString("status", c.Status);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                });
            }
            else
            {
                Table.Write(context.Out, ["NAME", "GROUP", "SESSION", "STATE", "STATUS", "IMAGE"], list.Select(c => new[] { c.Name, c.GroupId, c.Session, c.State, c.Status, c.Image }).ToList());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Stop(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The group whose running containers to stop." };
        var dataDir = DataDirOption();
        var session = SessionFilterOption("stop the running containers");
        var command = new Command("stop", "Stop the running containers of a group that this install started: of every session of the group, or only of --session NAME.") { group, dataDir, session };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = context.Plans.Get(parse.GetValue(group)!).Id;
            var only = parse.GetValue(session) is { } name ? Session(name) : null;
            using var docker = context.Launcher(DataRoot(context, parse.GetValue(dataDir)));
            var stopped = await GuardAsync(() => docker.StopGroupAsync(id, only, cancellationToken));
            context.Out.WriteLine($"stopped {stopped} container(s) of group {id}{(only is null ? string.Empty : $" session {only}")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Cleanup(CliContext context)
    {
        var dataDir = DataDirOption();
        var command = new Command("cleanup", "Remove every container and proxy network this install (data root) left behind, running or not. Containers and networks of other installs or tools are never touched.") { dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var docker = context.Launcher(DataRoot(context, parse.GetValue(dataDir)));
            var removed = await GuardAsync(() => docker.CleanupAsync(cancellationToken));
            var networks = await GuardAsync(() => docker.CleanupNetworksAsync(cancellationToken));
            context.Out.WriteLine(networks == 0 ? $"removed {removed} container(s)" : $"removed {removed} container(s) and {networks} proxy network(s)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// `run`: to a terminal, the container's control and escape sequences are shown, not interpreted (no OSC 52
    /// clipboard writes, title changes or cursor moves on the operator's terminal); redirected to a file or pipe,
    /// its bytes pass through unchanged.
    /// </summary>
    private static GroupOutput RunOutput(CliContext context) => context.RunOutput?.Invoke() ?? new(context.Out, context.Error);

    /// <summary>`up`: "GROUP | line", pieces of an overlong line "GROUP + ...", always escaped so every line stays attributable.</summary>
    private static PrefixedLineWriter UpWriter(TextWriter target, string groupId, object gate) =>
        new(target, groupId + " | ", gate, continuationPrefix: groupId + " + ");

    private static GroupRunOptions RunOptions(CliContext context, ParseResult parse, Option<string?> dataDir, Option<string?> allowlist, Option<bool> downgrade, Option<string> session, Option<int> stopTimeout, IReadOnlyList<string>? command, bool createDataRoot = true)
    {
        var sessionName = Session(parse.GetValue(session));
        var seconds = parse.GetValue(stopTimeout);
        if (seconds < 0 || seconds > DockerLauncher.MaxStopTimeout.TotalSeconds)
        {
            throw new CliException($"--stop-timeout {seconds}: give 0 to {DockerLauncher.MaxStopTimeout.TotalSeconds} seconds", ExitCodes.Usage);
        }

        var allowlistPath = parse.GetValue(allowlist) is { Length: > 0 } a ? context.FullPath(a) : null;
        return new(context.Check(DataRoot(context, parse.GetValue(dataDir), create: createDataRoot, allowlistPath), allowlistPath) with
        {
            AllowReadOnlyDowngrade = parse.GetValue(downgrade),
            Installation = context.Plans.All,
            Session = sessionName,
        })
        {
            Command = command is { Count: > 0 } ? command : null,
            StopTimeout = TimeSpan.FromSeconds(seconds),
            Timezone = context.Timezone,
        };
    }

    /// <summary>A --session value checked by Core's one rule; exit 2 saying what a valid name looks like.</summary>
    internal static string Session(string? name) =>
        SessionNames.Refusal(name) is { } refusal ? throw new CliException("--session: " + refusal, ExitCodes.Usage) : name!;

    /// <summary>
    /// --data-dir, else $AGENTSPEC_DATA_DIR, else the XDG default ($XDG_DATA_HOME/agentspec or ~/.local/share/agentspec).
    /// With <paramref name="create"/> (init, run, up) a missing default root is created 0700, but only after the
    /// data-root checks passed for where it would be; the launcher checks it again before each spawn.
    /// </summary>
    internal static string DataRoot(CliContext context, string? option, bool create = false, string? allowlistPath = null)
    {
        var value = option ?? context.Environment(DataDirVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return context.FullPath(value);
        }

        var root = context.DefaultDataRoot;
        if (create && !Directory.Exists(root))
        {
            Guard(() =>
            {
                DataRootCheck.EnsureUsable(root, context.Home, allowlistPath ?? context.DefaultAllowlist, WritableFolders.Of(context.Plans.All, context.Home));
                DefaultLocations.EnsurePrivate(root);
                return root;
            });
        }

        return root;
    }

    /// <summary>After SIGINT/SIGTERM: every container this run started is gone; exit 130 or 143.</summary>
    private static int Interrupted(ShutdownSignals signals)
    {
        signals.Report($"every container this run started is stopped and removed; exiting with {signals.ExitCode}");
        return signals.ExitCode;
    }

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static void ReportWarnings(CliContext context, GroupRunResult result)
    {
        foreach (var warning in result.Warnings)
        {
            context.Error.WriteLine($"agentspec: warning: group {result.GroupId}: {warning}");
        }
    }

    internal static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (RuntimeError ex)
        {
            throw new CliException(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ex.Message);
        }
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RuntimeError ex)
        {
            throw new CliException(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ex.Message);
        }
    }
}
