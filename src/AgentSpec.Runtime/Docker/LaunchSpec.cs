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

namespace AgentSpec.Runtime;

/// <summary>Everything the launcher needs to run one container: resolved binds, never a plan's raw mounts.</summary>
internal sealed record LaunchSpec(string GroupId, string RunId, string Image, IReadOnlyList<ResolvedBind> Binds, IReadOnlyList<EnvVar> Environment)
{
    /// <summary>Overrides the image's CMD (e.g. ["sh", "-c", "..."]); null keeps the image's own.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The container user; never root (refused again when the create parameters are built).</summary>
    public ContainerUser User { get; init; } = ContainerSecurity.HostDefaultUser;

    /// <summary>The pids and memory limits (memory+swap = memory).</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    /// <summary>The group session this container serves (its /workspace folder).</summary>
    public string Session { get; init; } = HostManagedMounts.DefaultSession;

    /// <summary>
    /// How long a container may take to stop when the run is cancelled (Ctrl-C, SIGTERM): the engine sends it
    /// SIGTERM, then SIGKILL once this is over; then it is removed.
    /// </summary>
    public TimeSpan StopTimeout { get; init; } = DockerLauncher.DefaultStopTimeout;

    /// <summary>Overrides the image's ENTRYPOINT; null keeps the image's own.</summary>
    public IReadOnlyList<string>? Entrypoint { get; init; }

    /// <summary>The run's wall-clock limit from start; null: none.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Forwarded to the container's stdin (then EOF); null: the container's stdin is not attached.</summary>
    public Stream? Stdin { get; init; }

    /// <summary>Hears created, started, exited and stopped.</summary>
    public Action<GroupRunEvent>? Events { get; init; }

    /// <summary>When the run began (for <see cref="GroupRunEvent.Elapsed"/>).</summary>
    public System.Diagnostics.Stopwatch? Clock { get; init; }

    /// <summary>The operator's egress proxy for a network: proxy plan; null runs with no network at all.</summary>
    public EgressProxyConfig? EgressProxy { get; init; }

    /// <summary>The operator proxy's CA certificate (PEM) and the run folder its copy for the agent goes in; null without one.</summary>
    public (byte[] Pem, string RunFolder)? ProxyCa { get; init; }

    /// <summary>AgentSpec's egress gateway for a plan with egress (network mode gateway); null for every other plan.</summary>
    public GatewaySpec? Gateway { get; init; }

    /// <summary>The stable container name of this run.</summary>
    public string ContainerName => DockerLauncher.ContainerName(GroupId, Session, RunId);
}
