using System.Collections.Generic;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec.Checks;

/// <summary>
/// Reads the declaration out of the YAML tree, taking only values of the right type (the schema has
/// already reported the others) and refusing text with invisible or control characters, once, where it is.
/// </summary>
internal static class DeclarationReader
{
    public static FileDeclaration Read(YMapping root, List<Finding> findings)
    {
        var file = new FileDeclaration();
        if (root.Get("defaults") is YMapping defaults)
        {
            file.DefaultImage = Text(defaults, "image", "defaults.image", findings);
            file.DefaultImageDeclared = defaults.Get("image") is not null;
            file.DefaultUser = User(defaults, "defaults.user", findings);
            file.DefaultLimits = Limits(defaults, "defaults.limits", findings);
            file.DefaultNetwork = Network(defaults);
        }

        if (root.Get("policy") is YMapping policy)
        {
            if (Bool(policy, "nonMainReadOnly") is { } nonMain)
            {
                file.NonMainReadOnly = nonMain.Value;
                file.NonMainReadOnlyNode = nonMain;
            }

            file.NonMainProxyNode = Bool(policy, "nonMainProxy");
            file.NonMainProxy = file.NonMainProxyNode?.Value ?? false;
        }

        if (root.Get("groups") is YSequence groups)
        {
            foreach (var item in groups.Items)
            {
                if (item is YMapping g)
                {
                    file.Groups.Add(ReadGroup(g, findings));
                }
            }
        }

        return file;
    }

    private static GroupDeclaration ReadGroup(YMapping node, List<Finding> findings)
    {
        var group = new GroupDeclaration(node)
        {
            Id = Text(node, "id", "Group id", findings),
            Name = Text(node, "name", "Group name", findings),
            Folder = Text(node, "folder", "Folder", findings),
            Main = Bool(node, "main"),
            Image = Text(node, "image", "image", findings),
            User = User(node, "user", findings),
            Limits = Limits(node, "limits", findings),
            Network = Network(node),
        };

        switch (node.Get("skills"))
        {
            case YSequence list:
                group.Skills = new List<string>();
                foreach (var skill in list.Items)
                {
                    if (skill is YScalar { Kind: YScalarKind.String } s && TextRules.Check(s, "Skill name", findings))
                    {
                        group.Skills.Add(s.Value);
                        group.SkillEntries.Add(new Located<string>(s.Value, s.Span));
                    }
                }

                break;
        }

        if (node.Get("env") is YMapping env)
        {
            foreach (var entry in env.Entries)
            {
                if (entry.Value is YScalar value && value.Kind != YScalarKind.Null
                    && TextRules.Check(entry.Key, "Environment variable name", findings)
                    && TextRules.Check(value, $"Environment variable '{entry.Key.Value}'", findings))
                {
                    group.Env.Add((new Located<string>(entry.Key.Value, entry.Key.Span), new Located<string>(value.Value, value.Span)));
                }
            }
        }

        if (node.Get("mounts") is YSequence mounts)
        {
            foreach (var item in mounts.Items)
            {
                if (item is YMapping m)
                {
                    group.Mounts.Add(new MountDeclaration(m)
                    {
                        HostPath = Text(m, "hostPath", "hostPath", findings),
                        ContainerPath = Text(m, "containerPath", "containerPath", findings),
                        ReadOnly = Bool(m, "readonly"),
                    });
                }
            }
        }

        return group;
    }

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

    private static Located<bool>? Bool(YMapping node, string key) =>
        node.Get(key) is YScalar { Kind: YScalarKind.Bool } s
            ? new Located<bool>(s.Value.Equals("true", System.StringComparison.OrdinalIgnoreCase), s.Span)
            : null;
}
