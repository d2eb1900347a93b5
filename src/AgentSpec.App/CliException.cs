using AgentSpec.Model;

namespace AgentSpec.App;

/// <summary>A refusal or failure with a message for the operator; never a stack trace.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Every problem, one line each (`run --json`'s refused event); null: the message is the one problem.</summary>
    public IReadOnlyList<string>? Problems { get; init; }
}
