using System.CommandLine;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// The per-run options of run and up (--env, --env-file, --entrypoint, --timeout, --run-id, --json; -i for run): defined
/// once, read into <see cref="GroupRunOptions"/> with every problem found before anything touches the host.
/// </summary>
internal sealed class RunOptions
{
    public Option<string[]> Env { get; } = new("--env", "-e")
    {
        Description = "NAME=VALUE for this run only (repeatable; NAME alone takes agentspec's own variable). Reserved, loader and runtime names are "
            + "refused as in groups.yaml's env; values are never printed.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> EnvFile { get; } = new("--env-file")
    {
        Description = "A file of NAME=VALUE lines for this run (docker's env-file: # comment lines, blank lines; repeatable, --env wins).",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Entrypoint { get; } = new("--entrypoint")
    {
        Description = "Run this program instead of the image's ENTRYPOINT; the command after '--' gives its arguments (as docker run does).",
    };

    public Option<string?> Timeout { get; } = new("--timeout")
    {
        Description = $"Stop and remove the container once it has run this long, and exit {ExitCodes.TimedOut}: {Durations.Grammar}.",
    };

    public Option<string?> RunId { get; } = new("--run-id")
    {
        Description = $"The run's id, so the container's name agentspec-GROUP-SESSION-RUN is known before it starts: {RunIds.Shape}.",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "One JSON object per line on stdout for each event (refused, initialized, created, started, output, exited, stopped, failed; "
            + "schemas/run-events.schema.json), the container's output as base64 output events.",
    };

    public Option<bool> Interactive { get; } = new("--interactive", "-i")
    {
        Description = "Forward standard input to the container; its end (EOF) closes the container's stdin.",
    };

    public IEnumerable<Option> For(bool interactive) =>
        interactive ? [Env, EnvFile, Entrypoint, Timeout, RunId, Json, Interactive] : [Env, EnvFile, Entrypoint, Timeout, RunId, Json];

    /// <summary>
    /// <paramref name="options"/> with the per-run settings of the command line; every problem at once (exit 2 for a
    /// grammar error of --timeout or --run-id, else refused: the environment's names, the env files' lines).
    /// </summary>
    public GroupRunOptions Apply(CliContext context, ParseResult parse, GroupRunOptions options, bool interactive)
    {
        var timeout = parse.GetValue(Timeout) is { } t ? Durations.Parse("--timeout", t) : (TimeSpan?)null;
        if (parse.GetValue(RunId) is { } runId && RunIds.Refusal(runId) is { } badRunId)
        {
            throw new CliException("--run-id: " + badRunId, ExitCodes.Usage);
        }

        var problems = new List<string>();
        var variables = new List<EnvVar>();
        foreach (var file in parse.GetValue(EnvFile) ?? [])
        {
            variables.AddRange(EnvFiles.Read(context.FullPath(file), TerminalEscaper.Escape(file), context.Environment, problems));
        }

        foreach (var text in parse.GetValue(Env) ?? [])
        {
            if (EnvFiles.Argument(text, context.Environment, problems) is { } variable)
            {
                variables.Add(variable);
            }
        }

        if (parse.GetValue(Entrypoint) is "")
        {
            problems.Add("--entrypoint: give a program path, e.g. --entrypoint /bin/sh");
        }

        if (problems.Count > 0)
        {
            throw new CliException(
                $"refusing to run: {problems.Count} problem{(problems.Count == 1 ? string.Empty : "s")} with the per-run options; nothing was created"
                    + System.Environment.NewLine + string.Join(System.Environment.NewLine, problems.Select(p => "  - " + p)))
            {
                Problems = problems,
            };
        }

        return options with
        {
            Environment = variables.Count > 0 ? variables : null,
            Entrypoint = parse.GetValue(Entrypoint) is { } entrypoint ? [entrypoint] : null,
            Command = parse.GetValue(Entrypoint) is not null ? options.Command ?? [] : options.Command,
            Timeout = timeout,
            RunId = parse.GetValue(RunId),
            Stdin = interactive && parse.GetValue(Interactive) ? Input(context) : null,
        };
    }

    private static Stream Input(CliContext context) =>
        context.RunInput?.Invoke() ?? new MemoryStream(new System.Text.UTF8Encoding(false).GetBytes(context.In.ReadToEnd()));
}
