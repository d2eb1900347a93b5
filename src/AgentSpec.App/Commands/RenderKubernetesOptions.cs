using System.CommandLine;
using AgentSpec.Kubernetes;

namespace AgentSpec.App.Commands;

/// <summary>The arguments and options of `render kubernetes`, defined once.</summary>
internal sealed class RenderKubernetesOptions
{
    public RenderKubernetesOptions()
    {
        Volumes.AcceptOnlyFromAmong(VolumeModes.ClaimsName, VolumeModes.HostPathName);
    }

    public Argument<string[]> Groups { get; } = new("groups")
    {
        Description = "Groups to render (default: all); after '--', a command: each group becomes a Job "
            + "running it instead of a Pod running the image's CMD.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> Volumes { get; } = new("--volumes")
    {
        Description = $"Where the volumes come from. '{VolumeModes.ClaimsName}' (default): PersistentVolumeClaims for each group's data and session and "
            + "the shared sources, a ConfigMap for container.json, "
            + $"operator mounts mapped with --mounts-map; every Pod passes Pod Security \"restricted\". '{VolumeModes.HostPathName}': the data root's "
            + "folders on a single node that is the AgentSpec host; "
            + "Pod Security \"restricted\" forbids hostPath, so only on request.",
        DefaultValueFactory = _ => VolumeModes.ClaimsName,
    };

    public Option<string?> MountsMap { get; } = new("--mounts-map")
    {
        Description = "JSON or YAML file mapping each operator mount (groups: <id>: <containerPath>: {claim, subPath} or {hostPath}) to cluster storage. "
            + "Required in claims mode for every operator mount; in hostpath mode an unmapped mount uses its declared host path.",
    };

    public Option<string?> Output { get; } = new("--output")
    {
        Description = "Write one file per workload (and agentspec-shared.yaml) into this folder instead of one stream to stdout.",
    };

    public Option<string> GatewayImage { get; } = new("--gateway-image")
    {
        Description = "Image of AgentSpec's egress gateway, rendered as a Deployment and Service of its own for each group with egress "
            + $"(default: {GatewayWorkload.DefaultImage}).",
        DefaultValueFactory = _ => GatewayWorkload.DefaultImage,
    };

    public Option<string> Session { get; } = CommonOptions.Session();

    public Option<string?> DataDir { get; } = CommonOptions.DataDir(
        "Data root whose folders hostpath volumes use and whose install id labels every object (agentspec.install; "
        + $"default: ${CommonOptions.DataDirVariable}, else $XDG_DATA_HOME/agentspec, else ~/.local/share/agentspec). "
        + "Rendering creates and changes nothing.");
}
