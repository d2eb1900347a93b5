using System.CommandLine;
using AgentSpec.Kubernetes;
using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>agentspec render kubernetes [GROUP...] [--volumes claims|hostpath] [--mounts-map FILE] [--session S] [--output DIR] [-- CMD...].</summary>
internal static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var render = new Command("render", "Render the compiled plans for another engine. `render kubernetes` writes Kubernetes manifests "
            + "(docs/kubernetes.md).");
        render.Subcommands.Add(Kubernetes(context));
        return render;
    }

    private static Command Kubernetes(CliContext context)
    {
        var groups = new Argument<string[]>("groups") { Description = "Groups to render (default: all); after '--', a command: each group becomes a Job "
            + "running it instead of a Pod running the image's CMD.", Arity = ArgumentArity.ZeroOrMore };
        var volumes = new Option<string>("--volumes")
        {
            Description = $"Where the volumes come from. '{VolumeModes.ClaimsName}' (default): PersistentVolumeClaims for each group's data and session and "
                + "the shared sources, a ConfigMap for container.json, "
                + $"operator mounts mapped with --mounts-map; every Pod passes Pod Security \"restricted\". '{VolumeModes.HostPathName}': the data root's "
                + "folders on a single node that is the AgentSpec host; "
                + "Pod Security \"restricted\" forbids hostPath, so only on request.",
            DefaultValueFactory = _ => VolumeModes.ClaimsName,
        };
        volumes.AcceptOnlyFromAmong(VolumeModes.ClaimsName, VolumeModes.HostPathName);
        var mountsMap = new Option<string?>("--mounts-map")
        {
            Description = "JSON or YAML file mapping each operator mount (groups: <id>: <containerPath>: {claim, subPath} or {hostPath}) to cluster storage. "
                + "Required in claims mode for every operator mount; in hostpath mode an unmapped mount uses its declared host path.",
        };
        var output = new Option<string?>("--output") { Description = "Write one file per workload (and agentspec-shared.yaml) into this folder instead of one "
            + "stream to stdout." };
        var gatewayImage = new Option<string>("--gateway-image")
        {
            Description = "Image of AgentSpec's egress gateway, rendered as a Deployment and Service of its own for each group with egress "
                + $"(default: {GatewayWorkload.DefaultImage}).",
            DefaultValueFactory = _ => GatewayWorkload.DefaultImage,
        };
        var session = CommonOptions.Session();
        var dataDir = CommonOptions.DataDir(
            "Data root whose folders hostpath volumes use and whose install id labels every object (agentspec.install; "
            + $"default: ${CommonOptions.DataDirVariable}, else $XDG_DATA_HOME/agentspec, else ~/.local/share/agentspec). "
            + "Rendering creates and changes nothing.");
        var command = new Command("kubernetes", "Render each group (one session) as a Kubernetes workload from its compiled plan: a Pod (or a Job with a "
            + "command after '--') with exactly the plan's mounts and read-only flags, user, memory limit and hardening, its volumes, a NetworkPolicy for its "
            + "network, labels agentspec.install/group/session. Changes nothing; apply with `kubectl apply -f -`.")
        {
            groups, volumes, mountsMap, session, output, dataDir, gatewayImage,
        };
        command.SetAction(parse =>
        {
            var all = parse.GetValue(groups) ?? [];
            // After '--' the tokens are the container command (as with up), not groups.
            var commandCount = Arguments.AfterDoubleDash(parse).Count;
            var ids = all[..^commandCount];
            var containerCommand = all[^commandCount..];
            var plans = ids.Length == 0 ? context.Plans.All : ids.Distinct().Select(context.Plans.Get).ToList();
            var mode = VolumeModes.Parse(parse.GetValue(volumes)!)!.Value;
            var sessionName = CommonOptions.SessionName(parse.GetValue(session));
            var home = context.Home;
            var dataRoot = DataRoots.Resolve(context, parse.GetValue(dataDir));
            var rendering = RuntimeGuard.Run(() =>
            {
                var writable = WritableFolders.Of(context.Plans.All, home);
                var map = parse.GetValue(mountsMap) is { Length: > 0 } mapPath
                    ? MountsMap.Load(context.FullPath(mapPath), context.Plans.All, writable)
                    : MountsMap.Empty;
                int? proxyPort = plans.FirstOrDefault(p => p.Network == NetworkMode.Proxy) is { } proxied
                    ? ProxyPort(proxied, context.EgressProxyPath, writable)
                    : null;
                return KubernetesRenderer.Render(plans, new RenderOptions(mode, InstallId.For(dataRoot), dataRoot, home)
                {
                    Session = sessionName,
                    Command = containerCommand.Length > 0 ? containerCommand : null,
                    Map = map,
                    ProxyPort = proxyPort,
                    GatewayImage = parse.GetValue(gatewayImage)!,
                });
            });
            var header = $"Rendered by `agentspec render kubernetes --volumes {mode.Name()}` from the compiled {context.Plans.SourceFile} (session "
                + $"{sessionName}); edit {context.Plans.SourceFile}, not this.";
            if (parse.GetValue(output) is { Length: > 0 } folder)
            {
                RuntimeGuard.Run(() =>
                {
                    Directory.CreateDirectory(context.FullPath(folder));
                    foreach (var (fileName, text) in ManifestWriter.WriteFiles(rendering, header))
                    {
                        var path = Path.Join(folder, fileName);
                        File.WriteAllText(context.FullPath(path), text);
                        context.Out.WriteLine("wrote " + path);
                    }

                    return folder;
                });
            }
            else
            {
                context.Out.Write(ManifestWriter.Write(rendering, header));
            }

            foreach (var note in rendering.Notes)
            {
                context.Error.WriteLine("agentspec: note: " + note);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The proxy's port from egress-proxy.json, read as the runtime reads it; a missing file gets a cluster's fix
    /// (the runtime's own message is about starting a proxy container).
    /// </summary>
    private static int ProxyPort(GroupPlan proxied, string path, IReadOnlyList<WritableFolder> writable)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new RuntimeError(
                $"group '{proxied.Id}' has network: proxy, and the rendering takes the proxy's port from {path}, which does not exist. " +
                $"Write it as for the runtime, e.g.:{Environment.NewLine}{EgressProxyConfig.Example}{Environment.NewLine}" +
                $"(on a cluster only the port counts: label your proxy Pods {KubernetesLabels.EgressProxy}={KubernetesLabels.EgressProxyValue}), or write "
                    + "network: none for the group in groups.yaml");
        }

        return EgressProxyConfig.Load(path, proxied.Id, writable).Port;
    }
}
