using System.CommandLine;
using AgentSpec.Model;
using AgentSpec.Runtime;
using AgentSpec.Core.Model;

namespace AgentSpec.App.Commands;

/// <summary>
/// The options several commands share, defined once: each factory returns a new instance (System.CommandLine
/// options belong to one command), so every command that has an option spells and describes it the same way.
/// </summary>
internal static class CommonOptions
{
    /// <summary>Where a missing --data-dir is read from, before the XDG default.</summary>
    public const string DataDirVariable = "AGENTSPEC_DATA_DIR";

    /// <summary>The data root's description for the commands that use one (init, run, up, ps, stop, cleanup, doctor).</summary>
    public const string DataDirDescription =
        $"Data root holding groups/, data/ and container/ (default: ${DataDirVariable}, else $XDG_DATA_HOME/agentspec, "
        + "else ~/.local/share/agentspec; a missing root is created 0700).";

    /// <summary>The data root's description for the commands that only read it (ps, stop, cleanup): they create nothing.</summary>
    public const string ExistingDataDirDescription =
        $"Data root whose containers to work on (default: ${DataDirVariable}, else $XDG_DATA_HOME/agentspec, "
        + "else ~/.local/share/agentspec); nothing is created.";

    /// <summary>--data-dir: resolved by <see cref="DataRoots.Resolve"/>; plan, audit and render say what they use it for.</summary>
    public static Option<string?> DataDir(string description = DataDirDescription) => new("--data-dir") { Description = description };

    /// <summary>--json: print the command's result as JSON instead of text.</summary>
    public static Option<bool> Json(string description) => new("--json") { Description = description };

    /// <summary>--image: use this image instead of the plan's.</summary>
    public static Option<string?> Image(string description) => new("--image") { Description = description };

    public static Option<string?> Allowlist() => new("--allowlist")
    {
        Description = "Operator mount allowlist to use instead of $XDG_CONFIG_HOME/agentspec/mount-allowlist.json "
            + "(else ~/.config/agentspec/mount-allowlist.json).",
    };

    /// <summary>--session for init, run, up, doctor and render: the session folder mounted at /workspace.</summary>
    public static Option<string> Session() => new("--session")
    {
        Description = "The group session: its own /workspace folder data/v2-sessions/<id>/<session>/; skill-data and .claude-shared "
            + "are shared by all sessions of a group. One container per group session at a time. "
            + $"{Capitalized(SessionNames.Shape)}.",
        DefaultValueFactory = _ => HostManagedMounts.DefaultSession,
    };

    /// <summary>--session for ps and stop: a filter; without it every session is meant.</summary>
    public static Option<string?> SessionFilter(string what) => new("--session")
    {
        Description = $"Only this session's containers (default: {what} of every session).",
    };

    public static Option<int> StopTimeout(string when = "On Ctrl-C, SIGTERM or --timeout") => new("--stop-timeout")
    {
        Description = $"{when}: seconds a container gets to stop after SIGTERM before it is killed; then it is removed "
            + $"(at most {DockerLauncher.MaxStopTimeout.TotalSeconds}).",
        DefaultValueFactory = _ => (int)DockerLauncher.DefaultStopTimeout.TotalSeconds,
    };

    /// <summary>A --stop-timeout value in range; exit 2 saying the range otherwise.</summary>
    public static TimeSpan StopTimeoutValue(int seconds) =>
        seconds < 0 || seconds > DockerLauncher.MaxStopTimeout.TotalSeconds
            ? throw new CliException($"--stop-timeout {seconds}: give 0 to {DockerLauncher.MaxStopTimeout.TotalSeconds} seconds", ExitCodes.Usage)
            : TimeSpan.FromSeconds(seconds);

    public static Option<bool> AllowReadOnlyDowngrade() => new("--allow-readonly-downgrade")
    {
        Description = "Mount read-only, with a warning, a read-write mount that the allowlist only permits read-only (default: refuse to start).",
    };

    /// <summary>A --session value checked by Core's one rule; exit 2 saying what a valid name looks like.</summary>
    public static string SessionName(string? name) =>
        SessionNames.Refusal(name) is { } refusal ? throw new CliException("--session: " + refusal, ExitCodes.Usage) : name!;

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
