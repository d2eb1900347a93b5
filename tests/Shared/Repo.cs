using YamlDotNet.RepresentationModel;

namespace AgentSpec.Cli.Tests;

/// <summary>An operator mount as declared in groups.yaml.</summary>
public sealed record DeclaredMount(string HostPath, string ContainerPath, bool ReadOnly);

/// <summary>The repository the tests run in, and its groups.yaml read with plain YamlDotNet (not the compiler under test).</summary>
public static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "AgentSpec.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no AgentSpec.sln above {AppContext.BaseDirectory}");
    });

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<DeclaredMount>>> Declared = new(ReadGroupsYaml);

    public static string Root => RootPath.Value;

    public static string GroupsYaml => Path.Join(Root, "groups.yaml");

    /// <summary>Group ids in declaration order, with their operator mounts.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<DeclaredMount>> OperatorMounts => Declared.Value;

    private static IReadOnlyDictionary<string, IReadOnlyList<DeclaredMount>> ReadGroupsYaml()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(GroupsYaml))
        {
            stream.Load(reader);
        }

        var result = new Dictionary<string, IReadOnlyList<DeclaredMount>>();
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
        {
            var mounts = new List<DeclaredMount>();
            if (group.Children.TryGetValue("mounts", out var list))
            {
                foreach (var mount in ((YamlSequenceNode)list).Cast<YamlMappingNode>())
                {
                    var readOnly = !mount.Children.TryGetValue("readonly", out var ro) || ((YamlScalarNode)ro).Value == "true";
                    mounts.Add(new DeclaredMount(Scalar(mount, "hostPath"), Scalar(mount, "containerPath"), readOnly));
                }
            }

            result.Add(Scalar(group, "id"), mounts);
        }

        return result;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;
}
