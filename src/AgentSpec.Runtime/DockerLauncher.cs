using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;
using Docker.DotNet;
using Docker.DotNet.Models;
using DockerMount = Docker.DotNet.Models.Mount;

namespace AgentSpec.Runtime
{
    /// <summary>Everything the launcher needs to run one container: resolved binds, never a plan's raw mounts.</summary>
    public sealed record LaunchSpec(string GroupId, string RunId, string Image, IReadOnlyList<ResolvedBind> Binds, IReadOnlyList<EnvVar> Environment)
    {
        /// <summary>Overrides the image's CMD (e.g. ["sh", "-c", "..."]); null keeps the image's own.</summary>
        public IReadOnlyList<string>? Command { get; init; }

        /// <summary>The container user ("uid:gid"); null keeps the image's.</summary>
        public string? User { get; init; }

        /// <summary>The stable container name of this run.</summary>
        public string ContainerName => DockerLauncher.ContainerName(GroupId, RunId);
    }

    /// <summary>A container of this installation, as listed by <see cref="DockerLauncher.ListAsync"/>.</summary>
    public sealed record ContainerInfo(string Id, string Name, string GroupId, string RunId, string Image, string State, string Status, DateTime Created);

    /// <summary>
    /// Runs containers through the Docker Engine API (Docker.DotNet, never the docker CLI). Every container gets
    /// the install/group/run labels; list, stop and cleanup only touch containers carrying this install's label.
    /// Images are never pulled: a missing image is an error that says how to provide it.
    /// </summary>
    public sealed class DockerLauncher : IDisposable
    {
        public const string DefaultEndpoint = "unix:///var/run/docker.sock";
        public const string WorkingDirectory = "/workspace";
        public const string NetworkMode = "none";

        private readonly Lazy<DockerClient> _client;

        /// <param name="installId">This installation's id (<see cref="InstallId.For"/> of the data root).</param>
        /// <param name="endpoint">The engine endpoint; default $DOCKER_HOST or unix:///var/run/docker.sock.</param>
        public DockerLauncher(string installId, string? endpoint = null)
        {
            InstallId = installId;
            Endpoint = endpoint ?? DefaultEndpointFromEnvironment;
            _client = new Lazy<DockerClient>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public string InstallId { get; }

        /// <summary>$DOCKER_HOST when set, else <see cref="DefaultEndpoint"/>.</summary>
        public static string DefaultEndpointFromEnvironment =>
            Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultEndpoint;

        /// <summary>A launcher for the installation whose data root is <paramref name="dataRoot"/>.</summary>
        public static DockerLauncher ForDataRoot(string dataRoot, string? endpoint = null) => new(Runtime.InstallId.For(dataRoot), endpoint);

        public string Endpoint { get; }

        /// <summary>The stable container name of a run: agentspec-&lt;group&gt;-&lt;run&gt;.</summary>
        public static string ContainerName(string groupId, string runId) => $"agentspec-{groupId}-{runId}";

        /// <summary>A new run id: UTC time plus a random suffix, valid in container names.</summary>
        public static string NewRunId() => DateTime.UtcNow.ToString("yyyyMMdd't'HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 6);

        /// <summary>Checks that the engine answers.</summary>
        public Task PingAsync(CancellationToken cancellationToken = default) =>
            Call(() => _client.Value.System.PingAsync(cancellationToken), cancellationToken);

        /// <summary>The create parameters for a spec: binds exactly as resolved, labels, name, env, no network.</summary>
        public CreateContainerParameters BuildCreateParameters(LaunchSpec spec) => new()
        {
            Name = spec.ContainerName,
            Image = spec.Image,
            Cmd = spec.Command?.ToList(),
            Env = spec.Environment.Select(e => $"{e.Name}={e.Value}").ToList(),
            WorkingDir = WorkingDirectory,
            User = spec.User,
            AttachStdout = true,
            AttachStderr = true,
            Tty = false,
            Labels = new Dictionary<string, string>
            {
                [Labels.Install] = InstallId,
                [Labels.Group] = spec.GroupId,
                [Labels.Run] = spec.RunId,
            },
            HostConfig = new HostConfig
            {
                NetworkMode = NetworkMode,
                Mounts = spec.Binds.Select(b => new DockerMount
                {
                    Type = "bind",
                    Source = b.HostPath,
                    Target = b.ContainerPath,
                    ReadOnly = b.ReadOnly,
                }).ToList(),
            },
        };

        /// <summary>
        /// Creates, starts and waits for one container, streaming its stdout/stderr to the writers, then removes it.
        /// Returns the container's exit code. On cancellation the container is killed and removed.
        /// </summary>
        public async Task<int> RunAsync(LaunchSpec spec, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
        {
            var client = _client.Value;
            LaunchTimings.Mark("client");
            CreateContainerResponse created;
            try
            {
                created = await Call(() => client.Containers.CreateContainerAsync(BuildCreateParameters(spec), cancellationToken), cancellationToken, spec.ContainerName).ConfigureAwait(false);
            }
            catch (RuntimeError e) when (e.InnerException is DockerImageNotFoundException or DockerApiException { StatusCode: HttpStatusCode.NotFound })
            {
                // The engine has no such image: create never pulls, so this is the whole image check (no extra inspect).
                throw ImageMissing(spec.Image, e.InnerException);
            }

            LaunchTimings.Mark("create");
            try
            {
                using var stream = await Call(() => client.Containers.AttachContainerAsync(created.ID, tty: false, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, cancellationToken), cancellationToken).ConfigureAwait(false);
                LaunchTimings.Mark("attach");
                var pump = PumpAsync(stream, stdout, stderr, cancellationToken);
                await Call(() => client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken), cancellationToken).ConfigureAwait(false);
                LaunchTimings.Mark("start");
                var wait = await Call(() => client.Containers.WaitContainerAsync(created.ID, cancellationToken), cancellationToken).ConfigureAwait(false);
                await pump.ConfigureAwait(false);
                LaunchTimings.Mark("wait");
                return (int)wait.StatusCode;
            }
            finally
            {
                await RemoveQuietlyAsync(created.ID).ConfigureAwait(false);
                LaunchTimings.Mark("remove");
            }
        }

        /// <summary>This installation's containers, optionally of one group only.</summary>
        public async Task<IReadOnlyList<ContainerInfo>> ListAsync(string? groupId = null, CancellationToken cancellationToken = default)
        {
            var labels = new Dictionary<string, bool> { [$"{Labels.Install}={InstallId}"] = true };
            if (groupId is not null)
            {
                labels[$"{Labels.Group}={groupId}"] = true;
            }

            var list = await Call(
                () => _client.Value.Containers.ListContainersAsync(
                    new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } },
                    cancellationToken),
                cancellationToken).ConfigureAwait(false);

            // Defence in depth: keep only what really carries this install's label.
            return list
                .Where(c => c.Labels is not null && c.Labels.TryGetValue(Labels.Install, out var id) && id == InstallId)
                .Where(c => groupId is null || (c.Labels.TryGetValue(Labels.Group, out var g) && g == groupId))
                .Select(c => new ContainerInfo(
                    c.ID,
                    c.Names?.FirstOrDefault()?.TrimStart('/') ?? c.ID,
                    c.Labels.TryGetValue(Labels.Group, out var group) ? group : string.Empty,
                    c.Labels.TryGetValue(Labels.Run, out var run) ? run : string.Empty,
                    c.Image,
                    c.State,
                    c.Status,
                    c.Created))
                .ToList();
        }

        /// <summary>Stops this installation's running containers of one group; returns how many were stopped.</summary>
        public async Task<int> StopGroupAsync(string groupId, CancellationToken cancellationToken = default)
        {
            var stopped = 0;
            foreach (var c in (await ListAsync(groupId, cancellationToken).ConfigureAwait(false)).Where(c => c.State == "running"))
            {
                if (await Call(() => _client.Value.Containers.StopContainerAsync(c.Id, new ContainerStopParameters { WaitBeforeKillSeconds = 10 }, cancellationToken), cancellationToken).ConfigureAwait(false))
                {
                    stopped++;
                }
            }

            return stopped;
        }

        /// <summary>Removes (force) every container of this installation, and only those; returns how many.</summary>
        public async Task<int> CleanupAsync(CancellationToken cancellationToken = default)
        {
            var removed = 0;
            foreach (var c in await ListAsync(null, cancellationToken).ConfigureAwait(false))
            {
                await Call(() => _client.Value.Containers.RemoveContainerAsync(c.Id, new ContainerRemoveParameters { Force = true }, cancellationToken), cancellationToken).ConfigureAwait(false);
                removed++;
            }

            return removed;
        }

        public void Dispose()
        {
            if (_client.IsValueCreated)
            {
                _client.Value.Dispose();
            }
        }

        private DockerClient CreateClient()
        {
            try
            {
                using var config = new DockerClientConfiguration(new Uri(Endpoint));
                return config.CreateClient();
            }
            catch (UriFormatException e)
            {
                throw new RuntimeError($"the Docker endpoint '{Endpoint}' is not a valid URI ({e.Message}); set DOCKER_HOST to e.g. {DefaultEndpoint}", e);
            }
        }

        private RuntimeError ImageMissing(string image, Exception inner) =>
            new($"image {image} is not present on the engine at {Endpoint}; nothing is pulled: build or load it first (docker import / docker load)", inner);

        private async Task RemoveQuietlyAsync(string id)
        {
            try
            {
                await _client.Value.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                // Removal already in progress.
            }
        }

        private static async Task PumpAsync(MultiplexedStream stream, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
        {
            var buffer = new byte[81920];
            var outDecoder = Encoding.UTF8.GetDecoder();
            var errDecoder = Encoding.UTF8.GetDecoder();
            var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }

                var (decoder, writer) = read.Target == MultiplexedStream.TargetStream.StandardError ? (errDecoder, stderr) : (outDecoder, stdout);
                var n = decoder.GetChars(buffer, 0, read.Count, chars, 0, flush: false);
                await writer.WriteAsync(chars, 0, n).ConfigureAwait(false);
            }

            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            await stderr.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Runs an engine call, turning transport failures and known API errors into <see cref="RuntimeError"/>s.</summary>
        private async Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken, string? containerName = null)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (DockerImageNotFoundException e)
            {
                throw new RuntimeError($"an image is not present on the engine at {Endpoint} ({e.ResponseBody?.Trim()}); nothing is pulled: build or load it first (docker import / docker load)", e);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict && containerName is not null)
            {
                throw new RuntimeError($"a container named {containerName} already exists on the engine; remove it (agentspec cleanup) or start with another run id", e);
            }
            catch (DockerApiException e)
            {
                throw new RuntimeError($"the Docker engine at {Endpoint} refused the request ({(int)e.StatusCode}): {e.ResponseBody?.Trim()}", e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsUnreachable(e))
            {
                throw new RuntimeError($"cannot reach the Docker engine at {Endpoint}: {UnreachableDetail(e)}; is dockerd running? (start it, or point DOCKER_HOST at the engine)", e);
            }
        }

        private Task Call(Func<Task> call, CancellationToken cancellationToken) =>
            Call(async () => { await call().ConfigureAwait(false); return true; }, cancellationToken);

        private static bool IsUnreachable(Exception e) =>
            e is HttpRequestException or SocketException or IOException or TimeoutException or TaskCanceledException
            || (e.InnerException is not null && IsUnreachable(e.InnerException));

        private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

        private string UnreachableDetail(Exception e)
        {
            const string Unix = "unix://";
            if (Endpoint.StartsWith(Unix, StringComparison.Ordinal) && !File.Exists(Endpoint.Substring(Unix.Length)))
            {
                return $"the socket {Endpoint.Substring(Unix.Length)} does not exist";
            }

            return Innermost(e).Message;
        }
    }
}
