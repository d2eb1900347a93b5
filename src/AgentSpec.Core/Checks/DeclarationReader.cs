using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>
/// Reads the declaration out of the YAML tree, taking only values of the right type (the schema has
/// already reported the others) and refusing text with invisible or control characters, once, where it is.
/// </summary>
internal static class DeclarationReader
{
    public static FileDeclaration Read(YMapping root, List<Finding> findings)
    {
        var defaults = root.Get("defaults") as YMapping;
        var policy = root.Get("policy") as YMapping;
        return new FileDeclaration
        {
            DefaultImage = defaults is null ? null : Text(defaults, "image", "defaults.image", findings),
            DefaultImageDeclared = defaults?.Get("image") is not null,
            DefaultUser = defaults is null ? null : User(defaults, "defaults.user", findings),
            DefaultLimits = defaults is null ? null : Limits(defaults, "defaults.limits", findings),
            DefaultNetwork = defaults is null ? null : Network(defaults),
            DefaultEgress = defaults is null ? null : Egress(defaults, "defaults.egress", findings),
            DefaultAgent = defaults is null ? null : Agent(defaults, "defaults.agent", findings),
            NonMainEgressNode = policy is null ? null : Bool(policy, "nonMainEgress"),
            NonMainCredentialsNode = policy is null ? null : Bool(policy, "nonMainCredentials"),
            NonMainReadOnlyNode = policy is null ? null : Bool(policy, "nonMainReadOnly"),
            NonMainProxyNode = policy is null ? null : Bool(policy, "nonMainProxy"),
            Groups = Mappings(root.Get("groups")).Select(g => ReadGroup(g, findings)).ToArray(),
        };
    }

    private static GroupDeclaration ReadGroup(YMapping node, List<Finding> findings)
    {
        // Each value is read in the order it was read before, so the text findings keep their order.
        var id = Text(node, "id", "Group id", findings);
        var name = Text(node, "name", "Group name", findings);
        var folder = Text(node, "folder", "Folder", findings);
        var main = Bool(node, "main");
        var image = Text(node, "image", "image", findings);
        var user = User(node, "user", findings);
        var limits = Limits(node, "limits", findings);
        var network = Network(node);
        var egress = Egress(node, "egress", findings);
        var agent = Agent(node, "agent", findings);
        var skills = node.Get("skills") is YSequence list ? Skills(list, findings) : null;
        return new GroupDeclaration(node)
        {
            Id = id,
            Name = name,
            Folder = folder,
            Main = main,
            Image = image,
            User = user,
            Limits = limits,
            Network = network,
            Egress = egress,
            Agent = agent,
            Skills = skills?.Select(s => s.Value).ToArray(),
            SkillEntries = skills ?? (IReadOnlyList<Located<string>>)Array.Empty<Located<string>>(),
            Env = node.Get("env") is YMapping env ? Environment(env, findings) : Array.Empty<(Located<string>, Located<string>)>(),
            Mounts = Mappings(node.Get("mounts")).Select(m => ReadMount(m, findings)).ToArray(),
        };
    }

    /// <summary>The mappings of a sequence (the schema reported any other item); none when it is not a sequence.</summary>
    private static IEnumerable<YMapping> Mappings(YNode? node) =>
        node is YSequence sequence ? sequence.Items.OfType<YMapping>() : Enumerable.Empty<YMapping>();

    private static Located<string>[] Skills(YSequence list, List<Finding> findings) =>
        list.Items
            .OfType<YScalar>()
            .Where(s => s.Kind == YScalarKind.String && TextRules.Check(s, "Skill name", findings))
            .Select(s => new Located<string>(s.Value, s.Span))
            .ToArray();

    private static (Located<string> Name, Located<string> Value)[] Environment(YMapping env, List<Finding> findings) =>
        env.Entries
            .Where(entry => entry.Value is YScalar value && value.Kind != YScalarKind.Null
                && TextRules.Check(entry.Key, "Environment variable name", findings)
                && TextRules.Check(value, $"Environment variable '{entry.Key.Value}'", findings))
            .Select(entry => (new Located<string>(entry.Key.Value, entry.Key.Span), new Located<string>(((YScalar)entry.Value).Value, entry.Value.Span)))
            .ToArray();

    private static MountDeclaration ReadMount(YMapping node, List<Finding> findings) =>
        new(node)
        {
            HostPath = Text(node, "hostPath", "hostPath", findings),
            ContainerPath = Text(node, "containerPath", "containerPath", findings),
            ReadOnly = Bool(node, "readonly"),
        };

    private static Located<string>? Text(YMapping node, string key, string what, List<Finding> findings) =>
        node.Get(key) is YScalar { Kind: YScalarKind.String } s && TextRules.Check(s, what, findings)
            ? new Located<string>(s.Value, s.Span)
            : null;

    /// <summary>'user' as text: a string, or an integer's digits (user: 1000 is as clear as user: "1000").</summary>
    private static Located<string>? User(YMapping node, string what, List<Finding> findings) =>
        node.Get("user") is YScalar { Kind: YScalarKind.Int } n
            ? new Located<string>(n.Value, n.Span)
            : Text(node, "user", what, findings);

    private static LimitsDeclaration? Limits(YMapping node, string what, List<Finding> findings) =>
        node.Get("limits") is YMapping limits
            ? new LimitsDeclaration
            {
                Pids = limits.Get("pids") is YScalar { Kind: YScalarKind.Int } pids ? new Located<string>(pids.Value, pids.Span) : null,
                Memory = Text(limits, "memory", what + ".memory", findings),
                Tmp = Text(limits, "tmp", what + ".tmp", findings),
                Home = Text(limits, "home", what + ".home", findings),
                Logs = Text(limits, "logs", what + ".logs", findings),
            }
            : null;

    /// <summary>'network' when it is one of the schema's values (the schema reports any other).</summary>
    private static Located<string>? Network(YMapping node) =>
        node.Get("network") is YScalar { Kind: YScalarKind.String } s && NetworkModes.Parse(s.Value) is not null
            ? new Located<string>(s.Value, s.Span)
            : null;

    /// <summary>An 'egress' list (the schema reported any other value); its entries' values of the right type.</summary>
    private static EgressListDeclaration? Egress(YMapping node, string what, List<Finding> findings) =>
        node.GetKey("egress") is { } key && node.Get("egress") is YSequence list
            ? new EgressListDeclaration(key.Span, list.Items.OfType<YMapping>().Select(entry => new EgressDeclaration(entry)
            {
                Host = Text(entry, "host", what + " host", findings),
                Port = entry.Get("port") is YScalar { Kind: YScalarKind.Int } port ? new Located<string>(port.Value, port.Span) : null,
                Credential = Text(entry, "credential", what + " credential", findings),
                Private = Bool(entry, "private"),
            }).ToArray())
            : null;

    /// <summary>An 'agent' block (the schema reported any other value); its values of the right type.</summary>
    private static AgentDeclaration? Agent(YMapping node, string what, List<Finding> findings) =>
        node.Get("agent") is YMapping agent
            ? new AgentDeclaration(agent)
            {
                Provider = Text(agent, "provider", what + ".provider", findings),
                AssistantName = Text(agent, "assistantName", what + ".assistantName", findings),
                Model = Text(agent, "model", what + ".model", findings),
                Effort = Text(agent, "effort", what + ".effort", findings),
                MaxMessagesPerPrompt = agent.Get("maxMessagesPerPrompt") is YScalar { Kind: YScalarKind.Int } max
                    ? new Located<string>(max.Value, max.Span)
                    : null,
                McpServers = agent.Get("mcpServers") is YMapping servers
                    ? servers.Entries
                        .Where(e => e.Value is YMapping && TextRules.Check(e.Key, "MCP server name", findings))
                        .Select(e => McpServer(new Located<string>(e.Key.Value, e.Key.Span), (YMapping)e.Value, findings))
                        .ToArray()
                    : Array.Empty<McpServerDeclaration>(),
            }
            : null;

    private static McpServerDeclaration McpServer(Located<string> name, YMapping node, List<Finding> findings) =>
        new(name, node)
        {
            Command = Text(node, "command", $"MCP server '{name.Value}' command", findings),
            Args = node.Get("args") is YSequence args
                ? args.Items.OfType<YScalar>()
                    .Where(a => a.Kind == YScalarKind.String && TextRules.Check(a, $"MCP server '{name.Value}' argument", findings))
                    .Select(a => new Located<string>(a.Value, a.Span))
                    .ToArray()
                : Array.Empty<Located<string>>(),
            Env = node.Get("env") is YMapping env ? Environment(env, findings) : Array.Empty<(Located<string>, Located<string>)>(),
            Credentials = node.Get("credentials") is YMapping credentials
                ? Environment(credentials, findings)
                : Array.Empty<(Located<string>, Located<string>)>(),
        };

    private static Located<bool>? Bool(YMapping node, string key) =>
        node.Get(key) is YScalar { Kind: YScalarKind.Bool } s
            ? new Located<bool>(s.Value.Equals("true", System.StringComparison.OrdinalIgnoreCase), s.Span)
            : null;
}
