using System.CommandLine;
using System.Text.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.Cli.Commands;

/// <summary>init, run, up, ps, stop, cleanup: the commands that touch the host and the Docker engine.</summary>
public static class RuntimeCommands
{
    private const string DataDirVariable = "AGENTSPEC_DATA_DIR";

    public static IEnumerable<Command> Create() => [Init(), Run(), Up(), Ps(), Stop(), Cleanup()];

    private static Option<string?> DataDirOption() => new("--data-dir")
    {
        Description = $"Data root holding groups/, data/ and container/ (default: ${DataDirVariable}).",
    };

    private static Option<string?> AllowlistOption() => new("--allowlist")
    {
        Description = "Operator mount allowlist to use instead of ~/.config/agentspec/mount-allowlist.json.",
    };

    private static Option<bool> DowngradeOption() => new("--allow-readonly-downgrade")
    {
        Description = "Mount read-only, with a warning, a read-write mount that the allowlist only permits read-only (default: refuse to start).",
    };

    private static Command Init()
    {
        var group = new Argument<string[]>("group") { Description = "Groups to initialise (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var dataDir = DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print what was created as JSON." };
        var command = new Command("init", "Group-init: create a group's folders under the data root (groups/<folder>/, data/v2-sessions/<id>/ with skill-data/ and .claude-shared/). Idempotent: never overwrites or deletes.")
        {
            group, dataDir, json,
        };
        command.SetAction(parse =>
        {
            var root = DataRoot(parse.GetValue(dataDir));
            var ids = parse.GetValue(group) ?? [];
            var plans = ids.Length == 0 ? Plans.All : ids.Select(Plans.Get).ToList();
            var reports = Guard(() =>
            {
                DataRootCheck.EnsureUsable(root, HostPaths.DefaultHome, Path.Join(HostPaths.DefaultHome, BlockedHostPaths.AllowlistRelativePath), WritableFolders.Of(Plans.All, HostPaths.DefaultHome));
                return GroupInit.InitMany(plans, root);
            });
            if (parse.GetValue(json))
            {
                JsonOutput.Write(Console.Out, writer =>
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
                    Console.Out.WriteLine(report.CreatedAnything
                        ? $"group {report.GroupId}: created {report.Created.Count} entr{(report.Created.Count == 1 ? "y" : "ies")}"
                        : $"group {report.GroupId}: already initialised, nothing changed");
                    foreach (var entry in report.Created)
                    {
                        Console.Out.WriteLine("  + " + entry);
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Run()
    {
        var group = new Argument<string>("group") { Description = "The group to run." };
        var commandArgs = new Argument<string[]>("command") { Description = "Command and arguments for the container, after '--' (default: the image's CMD).", Arity = ArgumentArity.ZeroOrMore };
        var dataDir = DataDirOption();
        var image = new Option<string?>("--image") { Description = "Run this image instead of the plan's (it must be present on the engine; nothing is pulled)." };
        var allowlist = AllowlistOption();
        var downgrade = DowngradeOption();
        var command = new Command("run", "Run a group's container from its compiled plan: group-init, host re-check, launch through the Docker Engine API, stream its output and return its exit code.")
        {
            group, commandArgs, dataDir, image, allowlist, downgrade,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            LaunchTimings.Mark("run action entered");
            var plan = Plans.Get(parse.GetValue(group)!);
            LaunchTimings.Mark("plan");
            if (parse.GetValue(image) is { } img)
            {
                // The build-time rule (AGS0414), before any engine call: '--privileged' or '../../etc' is no image.
                if (AgentSpec.Checks.ImageReference.Refusal(img) is { } refusal)
                {
                    throw new CliException("--image: " + refusal, ExitCodes.Usage);
                }

                plan = plan with { Image = img };
            }

            var options = RunOptions(parse, dataDir, allowlist, downgrade, parse.GetValue(commandArgs));
            LaunchTimings.Mark("options");
            using var docker = DockerLauncher.ForDataRoot(options.Check.DataRoot);
            LaunchTimings.Mark("launcher");
            var result = await GuardAsync(() => new GroupLauncher(docker).RunAsync(plan, options, RunOutput(), cancellationToken));
            ReportWarnings(result);
            return result.ExitCode;
        });
        return command;
    }

    private static Command Up()
    {
        var groups = new Argument<string[]>("groups") { Description = "Groups to run at once (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var dataDir = DataDirOption();
        var allowlist = AllowlistOption();
        var downgrade = DowngradeOption();
        var cmd = new Option<string?>("--exec") { Description = "Shell command to run in every container (sh -c), instead of the image's CMD." };
        var command = new Command("up", "Run several groups' containers concurrently (init and re-check all first; nothing starts if any check fails). Output lines are prefixed with the group id. Exits with the highest container exit code.")
        {
            groups, dataDir, allowlist, downgrade, cmd,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ids = parse.GetValue(groups) ?? [];
            var plans = ids.Length == 0 ? Plans.All : ids.Distinct().Select(Plans.Get).ToList();
            var exec = parse.GetValue(cmd);
            var options = RunOptions(parse, dataDir, allowlist, downgrade, exec is null ? null : ["sh", "-c", exec]);
            using var docker = DockerLauncher.ForDataRoot(options.Check.DataRoot);
            var gate = new object();
            var results = await GuardAsync(() => new GroupLauncher(docker).RunManyAsync(
                plans,
                options,
                plan => new GroupOutput(UpWriter(Console.Out, plan.Id, gate), UpWriter(Console.Error, plan.Id, gate)),
                cancellationToken));
            foreach (var result in results)
            {
                ReportWarnings(result);
                Console.Error.WriteLine($"agentspec: group {result.GroupId} exited with {result.ExitCode}");
            }

            return results.Count == 0 ? ExitCodes.Success : results.Max(r => r.ExitCode);
        });
        return command;
    }

    private static Command Ps()
    {
        var dataDir = DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print the containers as JSON." };
        var command = new Command("ps", "List the containers this install (data root) started, found by label.") { dataDir, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var docker = DockerLauncher.ForDataRoot(DataRoot(parse.GetValue(dataDir)));
            var list = await GuardAsync(() => docker.ListAsync(null, cancellationToken));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(Console.Out, writer =>
                {
                    writer.WriteStartArray();
                    foreach (var c in list)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("id", c.Id);
                        writer.WriteString("name", c.Name);
                        writer.WriteString("group", c.GroupId);
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
                Table.Write(Console.Out, ["NAME", "GROUP", "STATE", "STATUS", "IMAGE"], list.Select(c => new[] { c.Name, c.GroupId, c.State, c.Status, c.Image }).ToList());
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Stop()
    {
        var group = new Argument<string>("group") { Description = "The group whose running containers to stop." };
        var dataDir = DataDirOption();
        var command = new Command("stop", "Stop the running containers of a group that this install started.") { group, dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = Plans.Get(parse.GetValue(group)!).Id;
            using var docker = DockerLauncher.ForDataRoot(DataRoot(parse.GetValue(dataDir)));
            var stopped = await GuardAsync(() => docker.StopGroupAsync(id, cancellationToken));
            Console.Out.WriteLine($"stopped {stopped} container(s) of group {id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Cleanup()
    {
        var dataDir = DataDirOption();
        var command = new Command("cleanup", "Remove every container and proxy network this install (data root) left behind, running or not. Containers and networks of other installs or tools are never touched.") { dataDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var docker = DockerLauncher.ForDataRoot(DataRoot(parse.GetValue(dataDir)));
            var removed = await GuardAsync(() => docker.CleanupAsync(cancellationToken));
            var networks = await GuardAsync(() => docker.CleanupNetworksAsync(cancellationToken));
            Console.Out.WriteLine(networks == 0 ? $"removed {removed} container(s)" : $"removed {removed} container(s) and {networks} proxy network(s)");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// `run`: to a terminal, the container's control and escape sequences are shown, not interpreted (no OSC 52
    /// clipboard writes, title changes or cursor moves on the operator's terminal); redirected to a file or pipe,
    /// its bytes pass through unchanged.
    /// </summary>
    private static GroupOutput RunOutput() => new(
        Console.IsOutputRedirected ? new ByteStreamWriter(Console.OpenStandardOutput()) : new EscapingWriter(Console.Out),
        Console.IsErrorRedirected ? new ByteStreamWriter(Console.OpenStandardError()) : new EscapingWriter(Console.Error));

    /// <summary>`up`: "GROUP | line", pieces of an overlong line "GROUP + ...", always escaped so every line stays attributable.</summary>
    private static PrefixedLineWriter UpWriter(TextWriter target, string groupId, object gate) =>
        new(target, groupId + " | ", gate, continuationPrefix: groupId + " + ");

    private static GroupRunOptions RunOptions(ParseResult parse, Option<string?> dataDir, Option<string?> allowlist, Option<bool> downgrade, IReadOnlyList<string>? command) =>
        new(new HostCheckOptions(DataRoot(parse.GetValue(dataDir)))
        {
            AllowlistPath = parse.GetValue(allowlist) is { Length: > 0 } a ? Path.GetFullPath(a) : null,
            AllowReadOnlyDowngrade = parse.GetValue(downgrade),
            Installation = Plans.All,
        })
        {
            Command = command is { Count: > 0 } ? command : null,
        };

    private static string DataRoot(string? option)
    {
        var value = option ?? Environment.GetEnvironmentVariable(DataDirVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliException($"no data root: pass --data-dir DIR or set {DataDirVariable}", ExitCodes.Usage);
        }

        return Path.GetFullPath(value);
    }

    private static void ReportWarnings(GroupRunResult result)
    {
        foreach (var warning in result.Warnings)
        {
            Console.Error.WriteLine($"agentspec: warning: group {result.GroupId}: {warning}");
        }
    }

    private static T Guard<T>(Func<T> action)
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
