using System.Text.RegularExpressions;

namespace AgentSpec.Runtime;

/// <summary>
/// The run id grammar (`run --run-id`, <see cref="GroupRunOptions.RunId"/>): like a Docker container name, 1 to 64 letters,
/// digits, '.', '_' or '-', starting with a letter or digit; the container is then agentspec-GROUP-SESSION-RUN.
/// </summary>
internal static class RunIds
{
    public const string Shape = "a run id is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private static readonly Regex Pattern = new("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant);

    /// <summary>Why <paramref name="runId"/> cannot be a run id; null when it can.</summary>
    public static string? Refusal(string runId) => Pattern.IsMatch(runId)
        ? null
        : $"'{TerminalEscaper.Escape(runId.Length > 80 ? runId[..80] + "..." : runId)}' is not a valid run id: {Shape} "
            + "(it becomes part of the container's name)";
}
