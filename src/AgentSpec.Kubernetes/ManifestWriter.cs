using System.Text;
using System.Text.Json;

namespace AgentSpec.Kubernetes;

/// <summary>
/// Rendered objects as multi-document YAML: each object serialised as JSON by its model's own field names and
/// converters (source-generated, <see cref="RenderedJson"/>), then written as block YAML (<see cref="JsonYaml"/>).
/// No reflection, so it runs in the NativeAOT agentspec.
/// </summary>
internal static class ManifestWriter
{
    /// <summary>The file name of the objects every workload shares (the shared-sources claim, the proxy Service) with --output.</summary>
    public const string SharedFile = KubernetesNames.Prefix + "-shared.yaml";

    /// <summary>One stream: a comment header (the notes), then every object in apply order, separated by '---'.</summary>
    public static string Write(Rendering rendering, string header) => Document(header, rendering.Notes, rendering.Objects.Select(o => (object)o.Object));

    /// <summary>One file per workload (what it needs, then itself) plus <see cref="SharedFile"/> when there are shared objects: file name → contents.</summary>
    public static IReadOnlyList<(string FileName, string Text)> WriteFiles(Rendering rendering, string header)
    {
        var files = new List<(string, string)>();
        var shared = rendering.Objects.Where(o => o.Workload is null).Select(o => (object)o.Object).ToList();
        if (shared.Count > 0)
        {
            files.Add((SharedFile, Document(header, rendering.Notes, shared)));
        }

        foreach (var workload in rendering.Objects.Where(o => o.Workload is not null).GroupBy(o => o.Workload!))
        {
            files.Add((workload.Key + ".yaml", Document(header, rendering.Notes, workload.Select(o => (object)o.Object))));
        }

        return files;
    }

    private static string Document(string header, IReadOnlyList<string> notes, IEnumerable<object> objects)
    {
        var text = new StringBuilder();
        foreach (var line in new[] { header }.Concat(notes))
        {
            text.Append("# ").Append(line.Replace("\n", "\n# ", StringComparison.Ordinal)).Append('\n');
        }

        var first = true;
        foreach (var item in objects)
        {
            if (!first)
            {
                text.Append("---\n");
            }

            first = false;
            // A kind without generated JSON fails here (NotSupportedException) in every build, so a test catches it.
            text.Append(JsonYaml.FromJson(JsonSerializer.Serialize(item, item.GetType(), RenderedJson.Default))).Append('\n');
        }

        return text.ToString();
    }
}
