using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;

namespace AgentSpec.Runtime;

/// <summary>
/// The one translation of engine failures into <see cref="RuntimeError"/>s: what failed, on which engine, and what to do.
/// No raw exception text reaches the user beyond the engine's own short answer.
/// </summary>
internal sealed class EngineErrors
{
    /// <summary>What to do about a missing image: AgentSpec never pulls.</summary>
    public const string ImageMissingFix = "build or load it first (docker build, docker import or docker load); agentspec never pulls";

    private readonly string _endpoint;

    public EngineErrors(string endpoint) => _endpoint = endpoint;

    /// <summary>Runs an engine call, turning transport failures and known API errors into <see cref="RuntimeError"/>s.</summary>
    /// <param name="containerName">The container being created: a name conflict then says which and how to fix it.</param>
    public async Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken, string? containerName = null)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (DockerImageNotFoundException e)
        {
            throw new RuntimeError(
                $"an image is not present on the engine at {_endpoint} ({e.ResponseBody?.Trim()}); " +
                "nothing is pulled: build or load it first (docker import / docker load)",
                e);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict && containerName is not null)
        {
            throw new RuntimeError(
                $"a container named {containerName} already exists on the engine (its run id is in use); give another --run-id, " +
                "or remove that container (agentspec cleanup removes this install's; docker rm one that is not)", e);
        }
        catch (DockerApiException e)
        {
            throw new RuntimeError($"the Docker engine at {_endpoint} refused the request ({(int)e.StatusCode}): {e.ResponseBody?.Trim()}", e);
        }
        catch (EngineTimeoutException e)
        {
            throw new EngineFailure(
                $"the Docker engine at {_endpoint} did not answer within {e.Waited.TotalSeconds:0} s ({e.Operation}); it may be frozen or overloaded: "
                + $"check that dockerd runs and answers (docker info), or give it longer with {EngineDeadlines.Variable}=SECONDS",
                e);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsUnreachable(e))
        {
            throw new EngineFailure(
                $"cannot reach the Docker engine at {_endpoint}: {UnreachableDetail(e)}; is dockerd running? (start it, or point DOCKER_HOST at the engine)",
                e);
        }
        catch (Exception e) when (e is not RuntimeError && !(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // Whatever else the client throws: one line, never its stack trace.
            throw new EngineFailure($"the Docker engine at {_endpoint} failed unexpectedly: {Innermost(e).Message.Trim()}", e);
        }
    }

    public Task Call(Func<Task> call, CancellationToken cancellationToken) =>
        Call(
            async () =>
            {
                await call().ConfigureAwait(false);
                return true;
            },
            cancellationToken);

    /// <summary>Whether <paramref name="e"/> (a create's translated error) says the image is missing.</summary>
    public static bool IsImageMissing(RuntimeError e) =>
        e.InnerException is DockerImageNotFoundException or DockerApiException { StatusCode: HttpStatusCode.NotFound };

    public RuntimeError ImageMissing(string image, Exception inner) =>
        new($"image {image} is not present on the engine at {_endpoint}; nothing is pulled: {ImageMissingFix}", inner);

    private static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException
        || (e.InnerException is not null && IsUnreachable(e.InnerException));

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private string UnreachableDetail(Exception e)
    {
        const string Unix = "unix://";
        if (_endpoint.StartsWith(Unix, StringComparison.Ordinal) && !File.Exists(_endpoint.Substring(Unix.Length)))
        {
            return $"the socket {_endpoint.Substring(Unix.Length)} does not exist";
        }

        return Innermost(e) switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (nothing listens on the socket)",
            SocketException { SocketErrorCode: SocketError.AddressNotAvailable or SocketError.HostNotFound } s => s.Message,
            SocketException s => $"{s.Message.TrimEnd('.')} (the engine closed the connection)",
            IOException or HttpRequestException => "the engine closed the connection while AgentSpec was waiting for its answer (dockerd " +
                "stopped or was killed?)",
            var inner => inner.Message,
        };
    }
}
