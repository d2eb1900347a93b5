using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// How run and up end, for people and for host programs: a timeout's line and exit 124, a command not found or not
/// executable 127/126, and with --json every refusal or failure as an event (refusals exit 125 there, never 1).
/// </summary>
internal static class RunProtocol
{
    public static async Task<int> GuardAsync(JsonRunEvents? json, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (CliException ex) when (json is not null)
        {
            if (ex.ExitCode is not (ExitCodes.Failed or ExitCodes.Usage))
            {
                json.Failed(ex.Message, ex.ExitCode);
                throw;
            }

            var code = ex.ExitCode == ExitCodes.Usage ? ExitCodes.Usage : ExitCodes.AgentSpecFailure;
            json.Refused(ex.ExitCode == ExitCodes.Usage ? "usage" : "refused", ex.Problems ?? [ex.Message], code);
            throw new CliException(ex.Message, code);
        }
    }

    /// <summary>The exit code of a finished run: the container's, or 124 with a line on stderr when its timeout ended it.</summary>
    public static int Exit(CliContext context, GroupRunResult result, string? timeout)
    {
        if (!result.TimedOut)
        {
            return result.ExitCode;
        }

        context.Error.WriteLine($"agentspec: group {result.GroupId}: timed out after {timeout}: {result.ContainerName} was stopped " +
            $"(exit code {result.ExitCode}) and removed; exiting with {ExitCodes.TimedOut}");
        return ExitCodes.TimedOut;
    }
}
