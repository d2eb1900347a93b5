using System.Collections.Generic;
using System.Globalization;
using AgentSpec.Model;
using Docker.DotNet.Models;
using DockerMount = Docker.DotNet.Models.Mount;

namespace AgentSpec.Runtime;

/// <summary>
/// Pure mapping of one run's gateway container: `agentspec gateway` on the run's internal network (the upstream
/// network is connected before start), the run's labels plus <see cref="Labels.Role"/>=gateway (so stop, cleanup and
/// the fault paths remove it with the agent), its files mounted read-only and the CA folder read-write, hardened like
/// an agent (never root, no capabilities, no-new-privileges, seccomp, read-only root file system, limits).
/// </summary>
internal static class GatewayParameters
{
    /// <summary>The gateway's alias on the run's network.</summary>
    public const string Alias = "egress-gateway";

    public const string RoleValue = "gateway";

    /// <summary>The gateway's own bounds: plenty for a proxy, nothing an agent could use to exhaust the host through it.</summary>
    public static readonly ResourceLimits Limits = ResourceLimits.Default;

    /// <summary>agentspec-GROUP-SESSION-RUN-gateway.</summary>
    public static string Name(LaunchSpec spec) => spec.ContainerName + "-" + RoleValue;

    /// <summary>The gateway's command line: the contract with `agentspec gateway` (docs/running.md).</summary>
    public static List<string> Command(GatewaySpec gateway, bool upstreamCa)
    {
        var command = new List<string>
        {
            GatewayImage.Executable, "gateway", "--policy", GatewayPaths.PolicyFile,
            "--listen", "0.0.0.0:" + GatewaySpec.Port.ToString(CultureInfo.InvariantCulture),
            "--ca-dir", GatewayPaths.CaFolder, "--log-format", gateway.Config.LogFormat,
        };
        if (gateway.Credentials.Count > 0)
        {
            command.AddRange(new[] { "--credentials", GatewayPaths.CredentialsFile });
        }

        if (upstreamCa)
        {
            command.AddRange(new[] { "--upstream-ca", GatewayPaths.UpstreamCaFile });
        }

        return command;
    }

    public static CreateContainerParameters Map(string installId, LaunchSpec spec, GatewaySpec gateway, GatewayFiles files, string networkName, bool upstreamCa)
    {
        var user = GatewaySpec.User;
        var labels = ContainerLabels.For(installId, spec);
        labels[Labels.Role] = RoleValue;
        var mounts = new List<DockerMount>
        {
            new() { Type = "bind", Source = files.Policy, Target = GatewayPaths.PolicyFile, ReadOnly = true },
            new() { Type = "bind", Source = files.CaFolder, Target = GatewayPaths.CaFolder, ReadOnly = false },
        };
        if (gateway.Credentials.Count > 0)
        {
            mounts.Add(new() { Type = "bind", Source = files.Credentials, Target = GatewayPaths.CredentialsFile, ReadOnly = true });
        }

        if (upstreamCa)
        {
            mounts.Add(new() { Type = "bind", Source = files.UpstreamCa, Target = GatewayPaths.UpstreamCaFile, ReadOnly = true });
        }

        ContainerSecurity.EnsureNotRoot(spec.GroupId, user, "the gateway");
        return new CreateContainerParameters
        {
            Name = Name(spec),
            Image = gateway.Image,
            Cmd = Command(gateway, upstreamCa),
            Entrypoint = new List<string>(),
            User = user.ToString(),
            WorkingDir = "/",
            AttachStdout = true,
            AttachStderr = true,
            Labels = labels,
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [networkName] = new EndpointSettings { Aliases = new List<string> { Alias } } },
            },
            HostConfig = new HostConfig
            {
                NetworkMode = networkName,
                CapDrop = new List<string>(ContainerSecurity.CapDrop),
                SecurityOpt = ContainerSecurity.SecurityOptions(),
                PidsLimit = Limits.Pids,
                Memory = Limits.MemoryBytes,
                MemorySwap = Limits.MemoryBytes,
                Mounts = mounts,
                ReadonlyRootfs = true,
                Tmpfs = new Dictionary<string, string> { [DiskBounds.TmpPath] = DiskBounds.ScratchOptions + ",size=16m,mode=1777" },
                LogConfig = DiskBounds.Log(Limits),
            },
        };
    }
}
