using System.CommandLine;
using System.Globalization;
using AgentSpec.App.Json;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// agentspec sessions GROUP [--json]: a group's sessions (last used, size, running); agentspec sessions prune GROUP
/// [--older-than 30d] [--session S]: removes old session folders and their lock files, never skill-data or
/// .claude-shared, never a session in use.
/// </summary>
internal static class SessionsCommand
{
    public static Command Create(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The group whose sessions to list." };
        var dataDir = CommonOptions.DataDir();
        var json = CommonOptions.Json("Print the sessions as JSON.");
        var command = new Command(
            "sessions",
            "List a group's sessions: when each was last used, the size of its folder, and whether a container runs in it. "
            + "`sessions prune GROUP` removes old ones.")
        {
            group, dataDir, json, Prune(context),
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = context.Plans.Get(parse.GetValue(group)!).Id;
            var root = DataRoots.Resolve(context, parse.GetValue(dataDir));
            var sessions = RuntimeGuard.Run(() => SessionStore.List(root, id));
            var running = await RunningAsync(context, root, id, cancellationToken);
            if (running is null)
            {
                context.Error.WriteLine("agentspec: warning: the Docker engine did not answer, so RUNNING shows only whether an agentspec " +
                    "process holds the session's lock");
            }

            bool IsRunning(SessionInfo s) => s.Locked || (running?.Contains(s.Session) ?? false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write<IReadOnlyList<SessionJson>>(
                    context.Out,
                    [
                        .. sessions.Select(s => new SessionJson(
                            s.GroupId, s.Session, s.LastUsed.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), s.SizeBytes,
                            IsRunning(s))),
                    ],
                    AppJson.Default.IReadOnlyListSessionJson);
            }
            else
            {
                Table.Write(
                    context.Out,
                    ["SESSION", "LAST USED (UTC)", "SIZE", "RUNNING"],
                    sessions.Select(s => new[]
                    {
                        s.Session,
                        s.LastUsed.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        FileSystemSpace.Size(s.SizeBytes),
                        IsRunning(s) ? "yes" : "no",
                    }).ToList(),
                    context.Width);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Prune(CliContext context)
    {
        var group = new Argument<string>("group") { Description = "The group whose sessions to remove." };
        var dataDir = CommonOptions.DataDir();
        var olderThan = new Option<string?>("--older-than") { Description = "Remove sessions last used longer ago than this: 30d, 12h or 90m." };
        var session = new Option<string?>("--session") { Description = "Remove this one session." };
        var command = new Command(
            "prune",
            "Remove session folders and their lock files: those last used before --older-than, or the one --session names. skill-data and "
            + ".claude-shared (shared by every session) are never touched, nor a session whose container runs or whose lock is held.")
        {
            group, dataDir, olderThan, session,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = context.Plans.Get(parse.GetValue(group)!).Id;
            var only = parse.GetValue(session) is { } name ? CommonOptions.SessionName(name) : null;
            var age = parse.GetValue(olderThan) is { } text ? Age(text) : (TimeSpan?)null;
            if (only is null && age is null)
            {
                throw new CliException("sessions prune: give --older-than AGE (e.g. 30d) or --session NAME", ExitCodes.Usage);
            }

            var root = DataRoots.Resolve(context, parse.GetValue(dataDir));
            var running = await RunningAsync(context, root, id, cancellationToken)
                ?? throw new CliException($"sessions prune: the Docker engine at {context.DockerEndpoint} did not answer, so agentspec " +
                    $"cannot tell which sessions of group {id} have a container; start the engine and run again");
            var cutoff = DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero);
            var chosen = RuntimeGuard.Run(() => SessionStore.List(root, id))
                .Where(s => (only is null || s.Session == only) && (age is null || s.LastUsed < cutoff))
                .ToList();
            var removed = 0;
            foreach (var s in chosen)
            {
                if (running.Contains(s.Session) || s.Locked)
                {
                    TextWrap.Write(context.Error, $"agentspec: kept session {s.Session}: it is in use (a container or an agentspec process holds " +
                        $"it); stop it first with {SessionLock.StopCommand(id, s.Session)}", context.Width);
                    continue;
                }

                RuntimeGuard.Run(() =>
                {
                    SessionStore.Remove(root, id, s.Session);
                    return true;
                });
                TextWrap.Write(context.Out, $"removed session {s.Session} of group {id} ({FileSystemSpace.Size(s.SizeBytes)}, last used " +
                    $"{s.LastUsed.UtcDateTime:yyyy-MM-dd HH:mm} UTC)", context.Width);
                removed++;
            }

            TextWrap.Write(context.Out, $"removed {removed} session(s) of group {id}; skill-data and .claude-shared are kept", context.Width);
            return only is not null && removed == 0 ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The sessions of the group that have a container on the engine (any state but gone); null when the engine did not answer.</summary>
    private static async Task<HashSet<string>?> RunningAsync(CliContext context, string root, string groupId, CancellationToken cancellationToken)
    {
        using var docker = context.Launcher(root);
        try
        {
            return (await docker.ListAsync(groupId, cancellationToken)).Where(c => c.IsActive).Select(c => c.Session).ToHashSet(StringComparer.Ordinal);
        }
        catch (RuntimeError)
        {
            return null;
        }
    }

    private static TimeSpan Age(string text)
    {
        var unit = text.Length > 1 ? text[^1] : ' ';
        if (int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (unit)
            {
                case 'd':
                    return TimeSpan.FromDays(n);
                case 'h':
                    return TimeSpan.FromHours(n);
                case 'm':
                    return TimeSpan.FromMinutes(n);
            }
        }

        throw new CliException($"--older-than {text}: give a whole number of days, hours or minutes, e.g. 30d, 12h or 90m", ExitCodes.Usage);
    }
}
