using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>Options of the run-time host check.</summary>
public sealed record HostCheckOptions(string DataRoot)
{
    /// <summary>The home used to expand "~/" (default: $HOME).</summary>
    public string? Home { get; init; }

    /// <summary>The operator allowlist (default: <see cref="DefaultLocations.Allowlist(string)"/>).</summary>
    public string? AllowlistPath { get; init; }

    /// <summary>
    /// When a read-write operator mount may not be read-write (root without allowReadWrite, or a non-main group
    /// under nonMainReadOnly), mount it read-only and report a warning instead of refusing the spawn.
    /// </summary>
    public bool AllowReadOnlyDowngrade { get; init; }

    /// <summary>
    /// The engine endpoint the container will be created through (default: $DOCKER_HOST or the default socket);
    /// the folder of a unix:// socket is protected like the blocked locations.
    /// </summary>
    public string? DockerEndpoint { get; init; }

    /// <summary>
    /// Diagnose without changing the host (`agentspec doctor`): group-init has not run, so a host-managed source
    /// it would create is listed in <see cref="HostCheckResult.ToCreate"/> instead of being an error (a link or a
    /// file where init needs a folder still is one), an operator mount that does not exist is also checked on the
    /// real path it will have, and the binds that passed are returned even when others failed. Never launch from
    /// such a result.
    /// </summary>
    internal bool BeforeInit { get; init; }

    /// <summary>The session folder mounted at /workspace.</summary>
    public string Session { get; init; } = HostManagedMounts.DefaultSession;

    /// <summary>
    /// Every group of this installation (the compiled groups.yaml). Their read-write operator mounts are folders a
    /// container can write, so no mount source, data root or allowlist may lie inside one (default: the checked
    /// plan alone).
    /// </summary>
    public IReadOnlyList<GroupPlan>? Installation { get; init; }

    internal string ResolvedHome => Home ?? HostPaths.DefaultHome;

    internal string ResolvedDockerEndpoint => DockerEndpoint ?? DockerLauncher.DefaultEndpointFromEnvironment;

    /// <summary>--allowlist, else $XDG_CONFIG_HOME/agentspec/mount-allowlist.json, else ~/.config/agentspec/mount-allowlist.json.</summary>
    internal string ResolvedAllowlistPath => AllowlistPath ?? DefaultLocations.Allowlist(ResolvedHome);

    /// <summary>
    /// The operator's egress proxy configuration for network: proxy groups (default: egress-proxy.json next to the default allowlist, so it follows
    /// $XDG_CONFIG_HOME too).
    /// </summary>
    public string? EgressProxyPath { get; init; }

    internal string ResolvedEgressProxyPath => EgressProxyPath ?? DefaultLocations.EgressProxy(ResolvedHome);

    /// <summary>
    /// The operator's credentials file, for egress credentials and agent MCP credentials (default: credentials.json
    /// next to the default allowlist, so it follows $XDG_CONFIG_HOME too).
    /// </summary>
    public string? CredentialsPath { get; init; }

    /// <summary>The operator's gateway configuration for groups with egress (default: gateway.json next to the default allowlist).</summary>
    internal string? GatewayPath { get; init; }

    internal string ResolvedGatewayPath => GatewayPath ?? DefaultLocations.Gateway(ResolvedHome,
        Environment.GetEnvironmentVariable(DefaultLocations.ConfigHomeVariable));

    internal string ResolvedCredentialsPath => CredentialsPath ?? DefaultLocations.Credentials(ResolvedHome);
}
