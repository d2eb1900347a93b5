using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;
using Docker.DotNet.Models;
using DockerMount = Docker.DotNet.Models.Mount;

namespace AgentSpec.Runtime;

/// <summary>
/// Pure mapping of a <see cref="LaunchSpec"/> to the engine's create parameters (no engine needed, so unit-testable):
/// binds exactly as resolved, labels, name, env, no network, and the hardening of <see cref="ContainerSecurity"/>
/// (non-root user, all capabilities dropped, no-new-privileges, seccomp) with the pids and memory limits, and the disk
/// bounds of <see cref="DiskBounds"/> (read-only root file system, bounded /tmp and /home/node, rotated log).
/// A root user or out-of-range limits are refused here, last.
/// </summary>
internal static class CreateParametersMapper
{
    /// <summary>The engine network mode of a group with network: none: loopback only.</summary>
    public const string NoNetworkMode = "none";

    /// <summary>The longest stop grace period accepted (an engine call must not outlast the client's timeout).</summary>
    public static readonly TimeSpan MaxStopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The create parameters of <paramref name="spec"/> for installation <paramref name="installId"/>.</summary>
    /// <param name="network">The run's proxy network: required for, and only for, a spec with an egress proxy.</param>
    public static CreateContainerParameters Map(string installId, LaunchSpec spec, ProxyNetwork? network = null) => Checked(spec, network, new()
    {
        Name = spec.ContainerName,
        Image = spec.Image,
        // null (the image's own CMD) is left out of the request body.
        Cmd = spec.Command?.ToList()!,
        Entrypoint = spec.Entrypoint?.ToList()!,
        Env = ProxyEnvironment.Build(spec.Environment, network?.Url, (name, value) => $"{name}={value}", network?.CaFolder is not null),
        WorkingDir = ContainerLayout.WorkingDirectory,
        User = spec.User.ToString(),
        AttachStdout = true,
        AttachStderr = true,
        // -i: stdin open for the one attach that forwards the caller's input; its end closes the container's stdin.
        AttachStdin = spec.Stdin is not null,
        OpenStdin = spec.Stdin is not null,
        StdinOnce = spec.Stdin is not null,
        Tty = false,
        Labels = ContainerLabels.For(installId, spec),
        // Proxy mode: the run's own network only (never the default bridge), and the embedded DNS server may forward
        // only to the proxy (engine 20.10 forwards from internal networks too, CVE-2024-29018).
        NetworkingConfig = network is null
            ? null
            : new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [network.Name] = new EndpointSettings() } },
        HostConfig = new HostConfig
        {
            NetworkMode = network?.Name ?? NoNetworkMode,
            DNS = network is null ? null! : new List<string> { network.ProxyAddress },
            CapDrop = ContainerSecurity.CapDrop.ToList(),
            SecurityOpt = ContainerSecurity.SecurityOptions(),
            PidsLimit = spec.Limits.Pids,
            Memory = spec.Limits.MemoryBytes,
            MemorySwap = spec.Limits.MemoryBytes,
            Mounts = spec.Binds.Select(ToEngineMount).Concat(CaMount(network)).ToList(),
            // Disk: nothing lands in the image layer, scratch space is bounded tmpfs, the log is rotated (DiskBounds).
            ReadonlyRootfs = true,
            Tmpfs = DiskBounds.Tmpfs(spec.User, spec.Limits),
            LogConfig = DiskBounds.Log(spec.Limits),
        },
    });

    /// <summary>Returns <paramref name="parameters"/>, or throws when the spec's user or limits must not run.</summary>
    private static CreateContainerParameters Checked(LaunchSpec spec, ProxyNetwork? network, CreateContainerParameters parameters)
    {
        ContainerSecurity.EnsureNotRoot(spec.GroupId, spec.User);
        SessionGuard.Ensure(spec.Session, spec.GroupId);
        if (spec.StopTimeout < TimeSpan.Zero || spec.StopTimeout > MaxStopTimeout)
        {
            throw new RuntimeError(
                $"group '{spec.GroupId}': a stop timeout of {spec.StopTimeout.TotalSeconds} s is outside 0 to {MaxStopTimeout.TotalSeconds} s");
        }

        if ((spec.EgressProxy is null && spec.Gateway is null) != (network is null))
        {
            // Never silently without the proxy's (or gateway's) network, nor on a network the plan did not ask for.
            throw new RuntimeError($"group '{spec.GroupId}': " + (network is null
                ? $"its plan has network: {(spec.Gateway is null ? "proxy" : "gateway (egress)")} but no such network was set up"
                : "a proxy network was given for a plan without network: proxy or egress"));
        }

        if (spec.Limits.Problem is { } limits)
        {
            throw new RuntimeError($"group '{spec.GroupId}': {limits}; every container runs with limits inside the ranges of docs/groups-yaml.md");
        }

        return parameters;
    }

    /// <summary>The CA folder of the run's proxy or gateway, read-only at <see cref="GatewayPaths.AgentCaFolder"/>; none without one.</summary>
    private static IEnumerable<DockerMount> CaMount(ProxyNetwork? network) => network?.CaFolder is { } folder
        ? new[] { new DockerMount { Type = "bind", Source = folder, Target = GatewayPaths.AgentCaFolder, ReadOnly = true } }
        : Array.Empty<DockerMount>();

    private static DockerMount ToEngineMount(ResolvedBind bind) => bind.Kind == MountKind.Tmpfs
        ? new DockerMount
        {
            // Root-owned 0755 and read-only once the engine has created the mount points below it.
            Type = "tmpfs",
            Target = bind.ContainerPath,
            ReadOnly = bind.ReadOnly,
            TmpfsOptions = new TmpfsOptions { SizeBytes = ContainerLayout.TmpfsSizeBytes, Mode = 0b111_101_101 },
        }
        : new DockerMount
        {
            Type = "bind",
            Source = bind.HostPath,
            Target = bind.ContainerPath,
            ReadOnly = bind.ReadOnly,
        };
}
