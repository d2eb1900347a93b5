using System.CommandLine;
using System.Text;
using AgentSpec.App.Json;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// `agentspec doctor [GROUP...]` (and `run --dry-run`): every host problem of every selected group in one pass, each
/// with its fix, without changing the host. Exit 1 when any would stop a spawn, 0 when every group would start.
/// </summary>
internal static class DoctorCommand
{
    /// <summary>Where a problem's reason and fix continue when wrapped: below the text of "  error [...]:" and "    fix:".</summary>
    private const string Hanging = "      ";

    /// <summary>How long one engine call (ping, image inspect) may take before the engine counts as not answering.</summary>
    private static readonly TimeSpan EngineTimeout = TimeSpan.FromSeconds(15);

    public static Command Create(CliContext context)
    {
        var groups = PlanSources.Arguments("Groups to diagnose (default: all).");
        var dataDir = CommonOptions.DataDir();
        var allowlist = CommonOptions.Allowlist();
        var downgrade = CommonOptions.AllowReadOnlyDowngrade();
        var session = CommonOptions.Session();
        var image = CommonOptions.Image("Check this image instead of the plans' (as `run --image` would use).");
        var json = CommonOptions.Json("Print the diagnosis as JSON.");
        var command = new Command("doctor", "Report every host problem that would stop a spawn of the groups at once (folders, data root, allowlist, blocked "
            + "or out-of-root paths, read-write not allowed, container user access, engine, image), each with its fix. Changes nothing: no group-init, no "
            + "container, no pull. Exit 1 if any problem would stop a spawn.")
        {
            groups, dataDir, allowlist, downgrade, session, image, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // GROUP... and a groups.yaml (FILE), as plan and audit take them: the file's groups are judged as one installation.
            var (selected, installation) = PlanSources.Select(context, parse.GetValue(groups) ?? [], file: null);
            var plans = selected.Select(p => Plans.WithImage(p, parse.GetValue(image))).ToList();
            var allowlistPath = parse.GetValue(allowlist) is { Length: > 0 } a ? context.FullPath(a) : null;
            var check = context.Check(DataRoots.Resolve(context, parse.GetValue(dataDir)), allowlistPath) with
            {
                AllowReadOnlyDowngrade = parse.GetValue(downgrade),
                Installation = installation,
                Session = CommonOptions.SessionName(parse.GetValue(session)),
            };
            return await DiagnoseAsync(context, plans, check, parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    /// <summary>Diagnoses <paramref name="plans"/> with the check options a run would use, prints the result, returns the exit code.</summary>
    public static async Task<int> DiagnoseAsync(
        CliContext context, IReadOnlyList<GroupPlan> plans, HostCheckOptions check, bool json, CancellationToken cancellationToken)
    {
        var diagnosis = await HostDiagnosis.RunAsync(plans, check, EngineTimeout, cancellationToken);
        if (json)
        {
            WriteJson(context.Out, diagnosis);
        }
        else
        {
            WriteText(context.Out, diagnosis, context.Width);
        }

        return diagnosis.WouldStart ? ExitCodes.Success : ExitCodes.Failed;
    }

    /// <summary>"allowlist-missing" for <see cref="HostProblemKind.AllowlistMissing"/>.</summary>
    public static string KindName(HostProblemKind kind)
    {
        var name = kind.ToString();
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static void WriteText(TextWriter o, HostDiagnosis d, int width)
    {
        // Wrapped to the width; problem lines continue below their text. The example allowlist is copy-paste JSON, written as it is.
        void Line(string text, string? hanging = null) => TextWrap.Write(o, text, width, hanging);
        Line($"data root  {d.DataRoot}{(d.DataRootWillBeCreated ? " (does not exist yet; group-init will create it)" : string.Empty)}");
        Line($"allowlist  {d.AllowlistPath}{(File.Exists(d.AllowlistPath) ? string.Empty : " (does not exist)")}");
        Line($"engine     {d.Endpoint}{(d.EngineReachable ? " (answers)" : string.Empty)}");
        if (d.Shared.Count > 0)
        {
            o.WriteLine();
            Line("host (shared by the groups and mounts it names)");
            foreach (var problem in d.Shared)
            {
                Line($"  error [{KindName(problem.Kind)}]: {Indent(problem.Reason)}", Hanging);
                if (problem.Affects.Count > 0)
                {
                    Line($"    stops: {string.Join(", ", problem.Affects)}");
                }

                Line($"    fix: {Indent(problem.Fix)}", Hanging);
            }
        }

        foreach (var group in d.Groups)
        {
            o.WriteLine();
            var user = group.User is null ? string.Empty : $"runs as {group.User}, ";
            Line($"group {group.GroupId}{(group.WouldStart ? ": ok" : string.Empty)} ({user}image {group.Image})");
            if (group.StoppedBy.Count > 0)
            {
                Line($"  stopped by the host problem above: {string.Join(", ", group.StoppedBy.Select(s => $"[{KindName(s.Kind)}]").Distinct())}");
            }

            foreach (var problem in group.Problems)
            {
                var what = problem.MountName.Length == 0 ? string.Empty : $" mount '{problem.MountName}' ({problem.ContainerPath}):";
                Line($"  error [{KindName(problem.Kind)}]{what} {Indent(problem.Reason)}", Hanging);
                Line($"    fix: {Indent(problem.Fix)}", Hanging);
            }

            foreach (var warning in group.Warnings)
            {
                Line($"  warning: {Indent(warning)}", Hanging);
            }

            if (group.ToCreate.Count > 0)
            {
                Line($"  group-init will create (not a problem): {string.Join(", ", group.ToCreate.Select(b => b.MountName))}");
            }
        }

        if (d.AllowlistExample is { } example)
        {
            o.WriteLine();
            Line($"allowlist valid for {string.Join(", ", example.For)}; "
                + $"{(example.ReplacesExisting ? "it keeps what the current allowlist has; replace" : "write it to")} {d.AllowlistPath}:");
            foreach (var line in example.Json.TrimEnd().Split('\n'))
            {
                o.WriteLine("  " + line);
            }

            foreach (var note in example.Notes)
            {
                Line($"  note: {note}");
            }
        }

        o.WriteLine();
        Line(d.WouldStart
            ? $"every group would start ({d.Groups.Count} checked); {Count(d.WarningCount, "warning")}."
            : $"{Count(d.ErrorCount, "problem")} would stop a spawn; {Count(d.WarningCount, "warning")}. Fix them and run agentspec doctor again.");
    }

    private static void WriteJson(TextWriter output, HostDiagnosis d)
    {
        var shared = d.Shared.Select(p => new DoctorSharedProblemJson(KindName(p.Kind), p.Reason, p.Fix, p.Affects)).ToList();
        var groups = d.Groups.Select(g => new DoctorGroupJson(
            g.GroupId,
            g.Image,
            g.User?.ToString(),
            [
                .. g.Problems.Select(p => new DoctorProblemJson(
                    KindName(p.Kind), p.MountName.Length == 0 ? null : p.MountName, p.ContainerPath.Length == 0 ? null : p.ContainerPath, p.Reason, p.Fix,
                    Shared: false)),

                // The host problems that stop this group too, so its problems are what a run would meet.
                .. g.StoppedBy.Select(p => new DoctorProblemJson(KindName(p.Kind), Mount: null, ContainerPath: null, p.Reason, p.Fix, Shared: true)),
            ],
            g.WouldStart,
            g.Warnings,
            [.. g.ToCreate.Select(b => new DoctorToCreateJson(b.MountName, b.HostPath))])).ToList();
        var example = d.AllowlistExample is { } e ? new DoctorAllowlistExampleJson(e.For, e.Notes, e.ReplacesExisting, new RawJson(e.Json)) : null;
        JsonOutput.Write(
            output,
            new DoctorDocumentJson(
                d.WouldStart, d.ErrorCount, d.WarningCount, new DoctorDataRootJson(d.DataRoot, d.DataRootWillBeCreated), d.AllowlistPath,
                new DoctorEngineJson(d.Endpoint, d.EngineReachable), shared, groups, example),
            AppJson.Default.DoctorDocumentJson);
    }

    private static string Indent(string text) => text.Replace("\n", "\n      ", StringComparison.Ordinal);

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? string.Empty : "s")}";
}
