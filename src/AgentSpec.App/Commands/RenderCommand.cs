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
        var options = new RenderKubernetesOptions();
        var command = new Command("kubernetes", "Render each group (one session) as a Kubernetes workload from its compiled plan: a Pod (or a Job with a "
            + "command after '--') with exactly the plan's mounts and read-only flags, user, memory limit and hardening, its volumes, a NetworkPolicy for its "
            + "network, labels agentspec.install/group/session. Changes nothing; apply with `kubectl apply -f -`.")
        {
            options.Groups, options.Volumes, options.MountsMap, options.Session, options.Output, options.DataDir, options.GatewayImage,
        };

        command.SetAction(parse => Render(context, parse, options));
        return command;
    }

    /// <summary>Renders the chosen plans and writes the manifests (to stdout or one file each), then the notes to stderr.</summary>
    private static int Render(CliContext context, ParseResult parse, RenderKubernetesOptions options)
    {
        var all = parse.GetValue(options.Groups) ?? [];
        // After '--' the tokens are the container command (as with up), not groups.
        var commandCount = Arguments.AfterDoubleDash(parse).Count;
        var ids = all[..^commandCount];
        var containerCommand = all[^commandCount..];
        var plans = ids.Length == 0 ? context.Plans.All : ids.Distinct().Select(context.Plans.Get).ToList();
        var mode = VolumeModes.Parse(parse.GetValue(options.Volumes)!)!.Value;
        var sessionName = CommonOptions.SessionName(parse.GetValue(options.Session));
        var dataRoot = DataRoots.Resolve(context, parse.GetValue(options.DataDir));
        var renderOptions = new RenderOptions(mode, InstallId.For(dataRoot), dataRoot, context.Home)
        {
            Session = sessionName,
            Command = containerCommand.Length > 0 ? containerCommand : null,
            GatewayImage = parse.GetValue(options.GatewayImage)!,
        };
        var rendering = RuntimeGuard.Run(() => KubernetesRenderer.Render(plans, WithOperatorFiles(context, parse, options, plans, renderOptions)));
        var header = $"Rendered by `agentspec render kubernetes --volumes {mode.Name()}` from the compiled {context.Plans.SourceFile} (session "
            + $"{sessionName}); edit {context.Plans.SourceFile}, not this.";
        if (parse.GetValue(options.Output) is { Length: > 0 } folder)
        {
            RuntimeGuard.Run(() => WriteFiles(context, rendering, header, folder));
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
    }

    /// <summary>The render options with what the operator's files add: the mounts map and, for a proxied group, the proxy's port.</summary>
    private static RenderOptions WithOperatorFiles(
        CliContext context, ParseResult parse, RenderKubernetesOptions options, IReadOnlyList<GroupPlan> plans, RenderOptions renderOptions)
    {
        var writable = WritableFolders.Of(context.Plans.All, context.Home);
        var map = parse.GetValue(options.MountsMap) is { Length: > 0 } mapPath
            ? MountsMap.Load(context.FullPath(mapPath), context.Plans.All, writable)
            : MountsMap.Empty;
        int? proxyPort = plans.FirstOrDefault(p => p.Network == NetworkMode.Proxy) is { } proxied
            ? ProxyPort(proxied, context.EgressProxyPath, writable)
            : null;
        return renderOptions with { Map = map, ProxyPort = proxyPort };
    }

    /// <summary>One file per workload (and agentspec-shared.yaml) into <paramref name="folder"/>, each reported on stdout.</summary>
    private static string WriteFiles(CliContext context, Rendering rendering, string header, string folder)
    {
        Directory.CreateDirectory(context.FullPath(folder));
        foreach (var (fileName, text) in ManifestWriter.WriteFiles(rendering, header))
        {
            var path = Path.Join(folder, fileName);
            File.WriteAllText(context.FullPath(path), text);
            context.Out.WriteLine("wrote " + path);
        }

        return folder;
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
