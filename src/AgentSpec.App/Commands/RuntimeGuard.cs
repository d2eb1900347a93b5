using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// Runs a runtime call and turns what it refuses (<see cref="RuntimeError"/>) and host I/O failures into a
/// <see cref="CliException"/>: its message on standard error, exit 1, no exception text or stack trace.
/// </summary>
internal static class RuntimeGuard
{
    public static T Run<T>(Func<T> action)
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

    /// <summary>
    /// For run and up: as <see cref="RunAsync{T}"/>, but a failure of the Docker engine (<see cref="EngineFailure"/>:
    /// unreachable, lost, no answer in time) exits <see cref="ExitCodes.AgentSpecFailure"/>, 125, so it is never taken
    /// for the container's own exit code.
    /// </summary>
    public static async Task<T> LaunchAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (EngineFailure ex)
        {
            throw new CliException(ex.Message, ExitCodes.AgentSpecFailure);
        }
        catch (CommandFailedException ex)
        {
            throw new CliException(ex.Message, ex.ExitCode);
        }
        catch (HostCheckFailedException ex)
        {
            throw new CliException(ex.Message) { Problems = ex.Errors.Select(e => e.Message).ToList() };
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

    public static async Task<T> RunAsync<T>(Func<Task<T>> action)
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
