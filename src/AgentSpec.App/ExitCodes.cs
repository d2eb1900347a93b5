namespace AgentSpec.App;

/// <summary>
/// The exit codes of agentspec. Most commands exit 0, 1 (a finding or refusal) or 2 (usage). <c>run</c> and
/// <c>up</c> pass the container's own exit code through, so their own failures use codes a container's program
/// does not normally return, the way <c>docker run</c> does (docs/running.md, "Exit codes").
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>run/up: the run's deadline (--timeout) passed; the container was stopped and removed (as timeout(1) does).</summary>
    public const int TimedOut = 124;

    /// <summary>run/up: AgentSpec refused or failed on its own (usage, plan, host check, engine); the container's program did not decide it.</summary>
    public const int AgentSpecFailure = 125;

    /// <summary>run/up: the container's command exists but could not be executed (docker run's 126).</summary>
    public const int CommandNotExecutable = 126;

    /// <summary>run/up: the container's command was not found (docker run's 127).</summary>
    public const int CommandNotFound = 127;
}
