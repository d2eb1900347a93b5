using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;
using CsCheck;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// Property-based fuzzing: valid files (groups.yaml and generated ones) mutated at the YAML-structure level and at the
    /// character level. Compile must never fail internally, every finding must lie inside the text, and whatever is
    /// accepted must be a sound plan.
    /// </summary>
    public class FuzzTests
    {
        private const int StructuralCases = 8_000;
        private const int CharacterCases = 8_000;

        private static readonly string[] Ids = { "main", "research", "reviewer", "b", "Main", "a b", "../x", "x\u202Ey", "x\u200By", "", "1st", "global", "a_b", new string('a', 70) };

        private static readonly string[] Paths =
        {
            "~/projects/webapp", "~/notes", "/srv/data", "notes", "webapp", "projects/webapp", "~/.ssh", "~/.gnupg", "~/.aws/credentials", "~/.azure", "~/.gcloud",
            "~/.kube/config", "~/.docker", "/srv/credentials", "~/app/.env", "~/.netrc", "~/.npmrc", "~/.pypirc", "~/keys/id_rsa", "~/keys/id_ed25519",
            "/srv/private_key", "~/.secret", "~/.config", "~/.config/", "~/.config/agentspec", "~/./.config/agentspec/", "~/.local", "~/.local/bin/", "~/.local/./bin",
            "/etc", "/", "~", "~/", "~bob/x", "C:\\Users\\x", "~/a\\b", "/srv/../etc", "a/../b", "..", ".", "./x", "a:ro", "/srv/a:b", "/workspace", "/workspace/skill-data",
            "/workspace/agent/", "/home/node/.claude", "/app/src", "/workspace/extra/x", "skill-data", "skills", "global", "x/", "x//y", "", " ", "no\u202Etes",
            "pa\u200Bth", "\t", "/var/run/docker.sock",
        };

        private static readonly string[] Keys =
        {
            "id", "name", "folder", "main", "image", "skills", "env", "mounts", "hostPath", "containerPath", "readonly", "version", "groups", "defaults", "policy",
            "nonMainReadOnly", "hostPth", "containerpath", "readOnly", "source", "target", "mode", "type", "x-extra", "<<", "SKILL_DATA_DIR", "AGENTSPEC_X", "HOME",
            "LOG_LEVEL", "1BAD", "", "k\u202E", "egress", "host", "port", "credential", "private", "nonMainEgress", "nonMainCredentials", "apiKey", "token",
        };

        private static readonly string[] Scalars = { "true", "false", "yes", "no", "null", "~", "0", "1", "2", "-1", "1.5", ".inf", "0x10", "all", "''", "\"\"", "[]", "{}", "x", "*", "&a", "!!str", "|", ">",
            "\"*.github.com\"", "\"*\"", "api.anthropic.com", "https://api.x.com/v1", "10.0.0.0/8", "169.254.169.254", "10.1.2.3", "65536", "API.X.COM", "a.*.com",
            "\"*.com\"", "[{host: api.x.com}]", "{host: \"*.x.com\", credential: k}", "::1", "x.com:8443" };

        private static readonly char[] Specials = { '\t', '\0', '\r', '\n', '\'', '"', ':', '-', '[', ']', '{', '}', '&', '*', '!', '|', '>', '#', '%', ' ', '\\', '\u202E', '\u200B', '\uFEFF', 'a', '/', '.', '~', '\u0085', '\u2028' };

        private static readonly Regex IdPattern = new("^[a-z][a-z0-9-]*$");
        private static readonly Regex FolderPattern = new("^[A-Za-z0-9][A-Za-z0-9._-]*$");

        private static int _cases;
        private readonly ITestOutputHelper _output;

        public FuzzTests(ITestOutputHelper output) => _output = output;

        /// <summary>Valid files to start from: the repository's groups.yaml and generated files of 1-4 groups.</summary>
        private static readonly Gen<string> ValidFile = Gen.Frequency(
            (1, Gen.Const(Yaml.Example)),
            (3, Gen.Int[0, int.MaxValue].Select(seed => GenerateValid(new Random(seed)))));

        [Fact]
        public void Generated_valid_files_are_accepted() =>
            FuzzSeed.Run(nameof(Generated_valid_files_are_accepted), ValidFile, 300, text =>
            {
                var result = Check.Compile(text);
                Assert.False(result.HasErrors, Check.Describe(result) + text);
                AssertAccepted(result);
            }, Show);

        /// <summary>The full fuzz run (about 10 s); excluded from mutation runs, which use the fast variant below.</summary>
        [Fact]
        [Trait(Speed.Trait, Speed.Slow)]
        public void Structural_and_character_mutations_never_break_the_compiler() => Mutations(StructuralCases, CharacterCases);

        /// <summary>The same properties on the first cases of the same seed, for mutation runs (tests/mutation.sh).</summary>
        [Fact]
        [Trait(Speed.Trait, Speed.FastVariant)]
        public void Structural_and_character_mutations_never_break_the_compiler_fast() => Mutations(300, 300);

        private void Mutations(int structuralCases, int characterCases)
        {
            var watch = Stopwatch.StartNew();
            var before = Volatile.Read(ref _cases);

            var structural = Gen.Select(ValidFile, Gen.Int[0, int.MaxValue].Array[1, 4])
                .Select((text, ops) => MutateStructure(text, ops));
            FuzzSeed.Run("structural mutations", structural, structuralCases, CheckOne, Show);

            var edit = Gen.Select(Gen.Int[0, 2], Gen.Double[0, 1], Gen.OneOfConst(Specials));
            var character = Gen.Select(Gen.Frequency((1, ValidFile), (1, structural)), edit.Array[1, 6])
                .Select((text, edits) => MutateCharacters(text, edits));
            FuzzSeed.Run("character mutations", character, characterCases, CheckOne, Show);

            var count = Volatile.Read(ref _cases) - before;
            _output.WriteLine($"fuzz: {count:N0} cases in {watch.Elapsed.TotalSeconds:F1} s (seed {FuzzSeed.Value})");
            Assert.True(count >= structuralCases + characterCases, $"only {count} fuzz cases ran");
        }

        private static void CheckOne(string text)
        {
            Interlocked.Increment(ref _cases);
            var result = Check.Compile(text); // no AGS0009, every span inside the text and consistent
            if (result.HasErrors)
            {
                Assert.Contains(result.Findings, f => f.IsError);
                Assert.Empty(result.Plans);
            }
            else
            {
                AssertAccepted(result);
            }
        }

        /// <summary>Whatever is accepted is sound: host-managed table first, SKILL_DATA_DIR, no unsafe id, folder, path or env name.</summary>
        private static void AssertAccepted(CompileResult result)
        {
            var folders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            Assert.True(result.Plans.Count(p => p.IsMain) <= 1);
            foreach (var plan in result.Plans)
            {
                Check.AssertPlanShape(plan);
                Expected.AssertHostManaged(plan.Mounts.Take(Expected.HostManagedFor(plan.Skills).Length), plan.Skills);
                Assert.Contains(plan.Environment, e => e.Name == "SKILL_DATA_DIR" && e.Value == "/workspace/skill-data");
                Assert.Matches(IdPattern, plan.Id);
                Assert.Matches(FolderPattern, plan.Folder);
                Assert.DoesNotContain("..", plan.Folder);
                Assert.NotEqual("global", plan.Folder, StringComparer.OrdinalIgnoreCase);
                Assert.True(ids.Add(plan.Id), "duplicate id " + plan.Id);
                Assert.True(folders.Add(plan.Folder), "duplicate folder " + plan.Folder);
                Assert.False(string.IsNullOrEmpty(plan.Image));
                Assert.All(plan.Environment.Skip(5), e => Assert.False(Expected.IsReservedEnvironmentName(e.Name), e.Name));
                Assert.Single(plan.Environment, e => e.Name == "SKILL_DATA_DIR");

                var containerPaths = new HashSet<string>(StringComparer.Ordinal);
                foreach (var mount in plan.Mounts.Operator)
                {
                    var host = mount.HostSource;
                    Assert.True(host.StartsWith("/", StringComparison.Ordinal) || host.StartsWith("~/", StringComparison.Ordinal), host);
                    Assert.False(Expected.IsBlockedHostPath(host), "blocked host path accepted: " + host);
                    Assert.DoesNotContain(host.Split('/'), s => s == ".." || s == ".");
                    Assert.DoesNotContain(':', host);
                    Assert.DoesNotContain('\\', host);
                    Assert.True(host.TrimEnd('/').Length > 1 && host != "~/", host);

                    var relative = mount.ContainerPath.Substring("/workspace/extra/".Length);
                    Assert.NotEmpty(relative);
                    Assert.DoesNotContain(relative.Split('/'), s => s.Length == 0 || s == ".." || s == ".");
                    Assert.DoesNotContain(':', relative);
                    Assert.DoesNotContain('\\', relative);
                    Assert.True(containerPaths.Add(relative), "duplicate container path " + relative);
                }

                AssertEgress(plan);
                var strings = new[] { plan.Id, plan.Name, plan.Folder, plan.Image }
                    .Concat(plan.Skills ?? EquatableArray<string>.Empty)
                    .Concat(plan.Environment.SelectMany(e => new[] { e.Name, e.Value }))
                    .Concat(plan.Mounts.Operator.SelectMany(m => new[] { m.HostSource, m.ContainerPath }));
                Assert.All(strings, s => Assert.False(s.Any(Expected.IsUnsafeCharacter), "unsafe character in " + Show(s)));
            }
        }

        /// <summary>Accepted egress: the gateway exactly when there is egress, and only destinations the rules allow.</summary>
        private static void AssertEgress(GroupPlan plan)
        {
            Assert.Equal(plan.Egress.Count > 0, plan.Network == NetworkMode.Gateway);
            foreach (var rule in plan.Egress)
            {
                Assert.NotEqual("*", rule.Host);
                Assert.Equal(rule.Host.ToLowerInvariant(), rule.Host);
                Assert.InRange(rule.Port, 1, 65535);
                Assert.DoesNotContain("/", rule.Host);
                Assert.False(rule.IsWildcard && rule.Credential is not null, "credential on a wildcard: " + rule.Host);
                Assert.True(rule.Host.LastIndexOf('*') <= 0, "misplaced wildcard: " + rule.Host);
                Assert.False(rule.Host.StartsWith("127.", StringComparison.Ordinal) || rule.Host.StartsWith("169.254.", StringComparison.Ordinal), rule.Host);
            }
        }

        // ---- Valid files ----

        private static string GenerateValid(Random random)
        {
            var text = new StringBuilder("version: 1\n");
            if (random.Next(2) == 0)
            {
                text.Append("defaults:\n  image: agentspec/agent:latest\n");
            }

            if (random.Next(3) == 0)
            {
                text.Append("policy:\n  nonMainReadOnly: ").Append(random.Next(2) == 0 ? "true" : "false").Append('\n');
            }

            text.Append("groups:\n");
            var safeHosts = new[] { "~/projects/webapp", "~/notes", "/srv/data", "/srv/shared/style-guides", "~/papers", "/opt/tools" };
            var safeTargets = new[] { "webapp", "notes", "data", "style-guides", "papers", "tools/bin" };
            var groups = random.Next(1, 5);
            for (var g = 0; g < groups; g++)
            {
                var id = g == 0 ? "main" : "group-" + g;
                text.Append($"  - id: {id}\n    folder: {(g == 0 ? "main" : "folder" + g)}\n");
                if (random.Next(2) == 0)
                {
                    text.Append($"    name: Group {g}\n");
                }

                if (g == 0)
                {
                    text.Append("    main: true\n");
                }

                text.Append("    image: agentspec/agent:").Append(g).Append('\n');
                switch (random.Next(3))
                {
                    case 0:
                        text.Append("    skills: all\n");
                        break;
                    case 1:
                        text.Append("    skills: [web-search, summarize]\n");
                        break;
                }

                if (random.Next(2) == 0)
                {
                    text.Append("    env:\n      LOG_LEVEL: debug\n      REVIEW_STYLE: \"strict\"\n");
                }

                if (g == 0 && random.Next(2) == 0)
                {
                    text.Append("    egress:\n      - host: api.anthropic.com\n        credential: anthropic\n      - host: \"*.github.com\"\n        port: 443\n");
                }

                var mounts = random.Next(4);
                if (mounts > 0)
                {
                    text.Append("    mounts:\n");
                }

                foreach (var m in Enumerable.Range(0, safeTargets.Length).OrderBy(_ => random.Next()).Take(mounts))
                {
                    var readOnly = g == 0 && random.Next(2) == 0 ? "false" : "true";
                    if (random.Next(2) == 0)
                    {
                        text.Append($"      - {{hostPath: {safeHosts[m]}, containerPath: {safeTargets[m]}, readonly: {readOnly}}}\n");
                    }
                    else
                    {
                        text.Append($"      - hostPath: {safeHosts[m]}\n        containerPath: {safeTargets[m]}\n        readonly: {readOnly}\n");
                    }
                }
            }

            return text.ToString();
        }

        // ---- Structural mutations on a YAML tree ----

        private abstract class Node
        {
        }

        private sealed class Scalar : Node
        {
            public Scalar(string text) => Text = text;

            public string Text { get; set; }
        }

        private sealed class Seq : Node
        {
            public List<Node> Items { get; } = new();
        }

        private sealed class Map : Node
        {
            public List<KeyValuePair<string, Node>> Entries { get; } = new();
        }

        private static string MutateStructure(string text, int[] ops)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            var root = Convert(stream.Documents[0].RootNode);
            foreach (var op in ops)
            {
                var random = new Random(op);
                var containers = new List<Node>();
                Collect(root, containers);
                var target = containers[random.Next(containers.Count)];
                switch (target)
                {
                    case Map map:
                        MutateMap(map, random);
                        break;
                    case Seq seq:
                        MutateSeq(seq, random);
                        break;
                }
            }

            var output = new StringBuilder();
            Emit(root, 0, string.Empty, output);
            return output.ToString();
        }

        private static void MutateMap(Map map, Random random)
        {
            var entries = map.Entries;
            var i = entries.Count == 0 ? 0 : random.Next(entries.Count);
            switch (random.Next(entries.Count == 0 ? 1 : 7))
            {
                case 0: // insert a random key
                    entries.Insert(Math.Min(i, entries.Count), new(Pick(Keys, random), RandomNode(random, 2)));
                    break;
                case 1: // drop a key
                    entries.RemoveAt(i);
                    break;
                case 2: // duplicate a key
                    entries.Insert(i, entries[i]);
                    break;
                case 3: // swap two values
                    var j = random.Next(entries.Count);
                    (entries[i], entries[j]) = (new(entries[i].Key, entries[j].Value), new(entries[j].Key, entries[i].Value));
                    break;
                case 4: // replace a value
                    entries[i] = new(entries[i].Key, RandomNode(random, 2));
                    break;
                case 5: // rename a key
                    entries[i] = new(Pick(Keys, random), entries[i].Value);
                    break;
                default: // a pool id or path where a value was
                    entries[i] = new(entries[i].Key, PoolScalar(random));
                    break;
            }
        }

        private static void MutateSeq(Seq seq, Random random)
        {
            var items = seq.Items;
            var i = items.Count == 0 ? 0 : random.Next(items.Count);
            switch (random.Next(items.Count == 0 ? 1 : 5))
            {
                case 0:
                    items.Insert(Math.Min(i, items.Count), RandomNode(random, 2));
                    break;
                case 1:
                    items.RemoveAt(i);
                    break;
                case 2:
                    items.Insert(i, items[i]);
                    break;
                case 3:
                    var j = random.Next(items.Count);
                    (items[i], items[j]) = (items[j], items[i]);
                    break;
                default:
                    items[i] = RandomNode(random, 2);
                    break;
            }
        }

        private static Node RandomNode(Random random, int depth)
        {
            switch (random.Next(depth <= 0 ? 2 : 5))
            {
                case 0:
                    return PoolScalar(random);
                case 1:
                    return new Scalar(Pick(Scalars, random));
                case 2:
                    {
                        var seq = new Seq();
                        for (var n = random.Next(3); n > 0; n--)
                        {
                            seq.Items.Add(RandomNode(random, depth - 1));
                        }

                        return seq;
                    }

                case 3:
                    {
                        // A mount-shaped mapping with pool values.
                        var map = new Map();
                        map.Entries.Add(new("hostPath", PoolScalar(random)));
                        map.Entries.Add(new("containerPath", PoolScalar(random)));
                        if (random.Next(2) == 0)
                        {
                            map.Entries.Add(new("readonly", new Scalar(random.Next(2) == 0 ? "false" : "true")));
                        }

                        return map;
                    }

                default:
                    {
                        var map = new Map();
                        for (var n = random.Next(3); n > 0; n--)
                        {
                            map.Entries.Add(new(Pick(Keys, random), RandomNode(random, depth - 1)));
                        }

                        return map;
                    }
            }
        }

        private static Scalar PoolScalar(Random random)
        {
            var value = random.Next(2) == 0 ? Pick(Ids, random) : Pick(Paths, random);
            return new Scalar(random.Next(3) == 0 ? value : Quote(value));
        }

        private static string Pick(string[] pool, Random random) => pool[random.Next(pool.Length)];

        /// <summary>A YAML double-quoted scalar; invisible characters are escaped so the emitted file stays readable.</summary>
        private static string Quote(string value)
        {
            var text = new StringBuilder("\"");
            foreach (var c in value)
            {
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    _ when c < 0x20 || c > 0x7E => $"\\u{(int)c:X4}",
                    _ => c.ToString(),
                });
            }

            return text.Append('"').ToString();
        }

        private static Node Convert(YamlNode node) => node switch
        {
            YamlScalarNode s => new Scalar(s.Style == ScalarStyle.Plain ? s.Value ?? string.Empty : Quote(s.Value ?? string.Empty)),
            YamlSequenceNode seq => Fill(new Seq(), seq.Children.Select(Convert)),
            YamlMappingNode map => FillMap(new Map(), map.Children.Select(e => new KeyValuePair<string, Node>(((YamlScalarNode)e.Key).Value ?? string.Empty, Convert(e.Value)))),
            _ => new Scalar(string.Empty),
        };

        private static Seq Fill(Seq seq, IEnumerable<Node> items)
        {
            seq.Items.AddRange(items);
            return seq;
        }

        private static Map FillMap(Map map, IEnumerable<KeyValuePair<string, Node>> entries)
        {
            map.Entries.AddRange(entries);
            return map;
        }

        private static void Collect(Node node, List<Node> containers)
        {
            switch (node)
            {
                case Map map:
                    containers.Add(map);
                    foreach (var entry in map.Entries)
                    {
                        Collect(entry.Value, containers);
                    }

                    break;
                case Seq seq:
                    containers.Add(seq);
                    foreach (var item in seq.Items)
                    {
                        Collect(item, containers);
                    }

                    break;
            }
        }

        /// <summary>Block-style YAML; <paramref name="prefix"/> goes before the first line (e.g. "- " of a list item).</summary>
        private static void Emit(Node node, int indent, string prefix, StringBuilder output)
        {
            var pad = new string(' ', indent);
            switch (node)
            {
                case Map { Entries.Count: > 0 } map:
                    for (var i = 0; i < map.Entries.Count; i++)
                    {
                        var (key, value) = (map.Entries[i].Key, map.Entries[i].Value);
                        output.Append(i == 0 ? prefix : pad).Append(key.Length == 0 || key.Any(char.IsWhiteSpace) || key.StartsWith("<<", StringComparison.Ordinal) && key != "<<" ? Quote(key) : key).Append(':');
                        EmitValue(value, indent, output);
                    }

                    break;
                case Seq { Items.Count: > 0 } seq:
                    foreach (var item in seq.Items)
                    {
                        if (item is Map { Entries.Count: > 0 })
                        {
                            Emit(item, indent + 2, (output.Length == 0 || output[output.Length - 1] == '\n' ? pad : string.Empty) + "- ", output);
                        }
                        else
                        {
                            output.Append(pad).Append('-');
                            EmitValue(item, indent, output);
                        }
                    }

                    break;
                default:
                    output.Append(prefix);
                    EmitValue(node, indent - 2, output);
                    break;
            }
        }

        private static void EmitValue(Node value, int indent, StringBuilder output)
        {
            switch (value)
            {
                case Scalar s:
                    output.Append(' ').Append(s.Text).Append('\n');
                    break;
                case Map { Entries.Count: 0 }:
                    output.Append(" {}\n");
                    break;
                case Seq { Items.Count: 0 }:
                    output.Append(" []\n");
                    break;
                default:
                    output.Append('\n');
                    Emit(value, indent + 2, new string(' ', indent + 2), output);
                    break;
            }
        }

        // ---- Character mutations ----

        private static string MutateCharacters(string text, (int Kind, double Where, char Char)[] edits)
        {
            var builder = new StringBuilder(text);
            foreach (var (kind, where, c) in edits)
            {
                var at = (int)(where * builder.Length);
                switch (kind)
                {
                    case 0:
                        builder.Insert(at, c);
                        break;
                    case 1 when builder.Length > 0:
                        builder.Remove(Math.Min(at, builder.Length - 1), 1);
                        break;
                    default:
                        if (builder.Length > 0)
                        {
                            builder[Math.Min(at, builder.Length - 1)] = c;
                        }

                        break;
                }
            }

            return builder.ToString();
        }

        private static string Show(string text) =>
            "\n" + string.Concat(text.Select(c => c == '\n' ? "\\n\n" : c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString()));
    }
}
