using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Model;

/// <summary>
/// The compiled plan of one group: identity, image, environment (host-set variables first, including
/// SKILL_DATA_DIR), its <see cref="MountSet"/>, the container user, the resource limits and the network. Skills is null for
/// "all". Value-equatable.
/// </summary>
public sealed record GroupPlan(
    string Id,
    string Name,
    string Folder,
    bool IsMain,
    string Image,
    EquatableArray<string>? Skills,
    EquatableArray<EnvVar> Environment,
    MountSet Mounts)
{
    public bool AllSkills => Skills is null;

    /// <summary>The declared container user; null means the host default (the invoking user's uid:gid, or 1000:1000 when agentspec runs as root).</summary>
    public ContainerUser? User { get; init; }

    /// <summary>The pids and memory limits; <see cref="ResourceLimits.Default"/> unless groups.yaml declares others.</summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    /// <summary>The network: <see cref="NetworkMode.None"/> (no interface but loopback) unless groups.yaml says <c>network: proxy</c>.</summary>
    public NetworkMode Network { get; init; } = NetworkMode.None;

    /// <summary>
    /// The destinations the group may reach through AgentSpec's egress gateway (<see cref="NetworkMode.Gateway"/>);
    /// empty unless groups.yaml declares <c>egress</c>.
    /// </summary>
    public EquatableArray<EgressRule> Egress { get; init; } = EquatableArray<EgressRule>.Empty;

    /// <summary>True when <see cref="Egress"/> is the file's <c>defaults.egress</c> (the group declares no list of its own).</summary>
    public bool EgressFromDefaults { get; init; }

    /// <summary>The group's <c>agent</c> block (what NanoClaw's runner reads from container.json); <see cref="AgentSettings.None"/> unless declared.</summary>
    public AgentSettings Agent { get; init; } = AgentSettings.None;

    public string? GetEnvironment(string name) => Environment.FirstOrDefault(e => e.Name == name)?.Value;

    /// <summary>
    /// Builds a plan, putting the host-set variables first so groups.yaml can never replace them. Like reserved
    /// names, loader and runtime variables (<see cref="EnvironmentRules"/>) never enter a plan: the compiler
    /// has already refused them (AGS0406, AGS0415) and the runtime refuses a plan built any other way.
    /// </summary>
    public static GroupPlan Create(string id, string name, string folder, bool isMain, string image, IEnumerable<string>? skills, IEnumerable<EnvVar> env, IEnumerable<Mount> operatorMounts, ContainerUser? user = null, ResourceLimits? limits = null, NetworkMode network = NetworkMode.None)
    {
        var environment = HostManagedMounts.BaseEnvironment(id, folder, isMain)
            .Select(kv => new EnvVar(kv.Key, kv.Value))
            .Concat(env.Where(e => !HostManagedMounts.IsReservedEnvironmentName(e.Name) && !EnvironmentRules.IsInjectionVariable(e.Name)))
            .ToEquatableArray();
        return new GroupPlan(id, name, folder, isMain, image, skills?.ToEquatableArray(), environment, new MountSet(operatorMounts, skills))
        {
            User = user,
            Limits = limits ?? ResourceLimits.Default,
            Network = network,
        };
    }
}
