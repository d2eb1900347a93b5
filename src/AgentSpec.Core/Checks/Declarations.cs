using System.Collections.Generic;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec.Checks
{
    /// <summary>A value read from groups.yaml with the span it came from.</summary>
    internal sealed record Located<T>(T Value, SourceSpan Span);

    internal sealed class MountDeclaration
    {
        public MountDeclaration(YMapping node) => Node = node;

        public YMapping Node { get; }

        public Located<string>? HostPath { get; set; }

        public Located<string>? ContainerPath { get; set; }

        public Located<bool>? ReadOnly { get; set; }

        /// <summary>The relative container path after normalisation, once the container path rules passed.</summary>
        public string? NormalizedContainerPath { get; set; }

        public string? NormalizedHostPath { get; set; }

        public bool IsReadOnly => ReadOnly?.Value ?? true;
    }

    /// <summary>A 'limits' mapping (defaults or group): the raw values, checked by <see cref="ContainerRules"/>.</summary>
    internal sealed class LimitsDeclaration
    {
        /// <summary>The integer's text, as written.</summary>
        public Located<string>? Pids { get; set; }

        public Located<string>? Memory { get; set; }

        /// <summary>The size of the /tmp tmpfs.</summary>
        public Located<string>? Tmp { get; set; }

        /// <summary>The size of the /home/node tmpfs.</summary>
        public Located<string>? Home { get; set; }

        /// <summary>The bound of the container's log on the host.</summary>
        public Located<string>? Logs { get; set; }
    }

    internal sealed class GroupDeclaration
    {
        public GroupDeclaration(YMapping node) => Node = node;

        public YMapping Node { get; }

        public Located<string>? Id { get; set; }

        public Located<string>? Name { get; set; }

        public Located<string>? Folder { get; set; }

        public Located<bool>? Main { get; set; }

        public Located<string>? Image { get; set; }

        /// <summary>null means 'all'.</summary>
        public List<string>? Skills { get; set; }

        /// <summary>The listed skills where they are written (AGS0418, AGS0419); empty for 'all'.</summary>
        public List<Located<string>> SkillEntries { get; } = new();

        public List<(Located<string> Name, Located<string> Value)> Env { get; } = new();

        public List<MountDeclaration> Mounts { get; } = new();

        /// <summary>'user' as written ("UID" or "UID:GID"; an integer's text); null when not declared.</summary>
        public Located<string>? User { get; set; }

        public LimitsDeclaration? Limits { get; set; }

        /// <summary>'network' as written ("none" or "proxy"; the schema refuses other values); null when not declared.</summary>
        public Located<string>? Network { get; set; }

        public bool IsMain => Main?.Value ?? false;

        /// <summary>False when a rule refused the group's identity; its plan cannot be built.</summary>
        public bool IdentityValid { get; set; } = true;
    }

    internal sealed class FileDeclaration
    {
        public Located<string>? DefaultImage { get; set; }

        /// <summary>defaults.image is present, even with a value the schema refused (so no group is also reported as image-less).</summary>
        public bool DefaultImageDeclared { get; set; }

        public Located<string>? DefaultUser { get; set; }

        public LimitsDeclaration? DefaultLimits { get; set; }

        public Located<string>? DefaultNetwork { get; set; }

        /// <summary>policy.nonMainProxy: whether groups other than main may use network: proxy (default false).</summary>
        public bool NonMainProxy { get; set; }

        public Located<bool>? NonMainProxyNode { get; set; }

        public bool NonMainReadOnly { get; set; } = true;

        public Located<bool>? NonMainReadOnlyNode { get; set; }

        public List<GroupDeclaration> Groups { get; } = new();
    }

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
}
