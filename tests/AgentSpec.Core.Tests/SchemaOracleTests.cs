using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Core.Tests.Reference;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Yaml;
using Xunit.Abstractions;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// The compiler's schema validator (an interpreter of schemas/groups.schema.json, AOT-safe) against the one it
    /// replaced (NJsonSchema on a JSON copy of the tree, kept in Reference/ as an independent oracle): the same
    /// findings — id, span and message — on hand-picked violations of every keyword and on thousands of mutated
    /// files from a fixed seed (AGENTSPEC_FUZZ_SEED=random, or a number, for another run; the seed is printed on failure).
    /// </summary>
    public class SchemaOracleTests
    {
        private const int MutatedCases = 3_000;

        private static readonly string[] Keys =
        {
            "id", "name", "folder", "main", "image", "skills", "env", "mounts", "hostPath", "containerPath", "readonly", "version", "groups",
            "defaults", "policy", "nonMainReadOnly", "nonMainProxy", "user", "limits", "pids", "memory", "network", "hostPth", "source", "target",
            "mode", "x-extra", "LOG_LEVEL", "readOnly",
        };

        private static readonly string[] Values =
        {
            "true", "false", "yes", "no", "null", "~", "0", "1", "2", "-1", "1.5", "all", "''", "\"\"", "[]", "{}", "x", "none", "proxy", "\"1000:1000\"",
            "1000", "2g", "[a, '']", "[1, 2]", "{a: b}", "\"true\"", "[all]", "99999999999999999999", "0x10", new string('a', 70), "-", "{hostPath: ~/x}",
        };

        private readonly ITestOutputHelper _output;

        public SchemaOracleTests(ITestOutputHelper output) => _output = output;

        public static TheoryData<string> Violations => new()
        {
            "version: 2\ngroups: []\n",
            "version: \"1\"\ngroups: []\n",
            "version: one\ngroups: []\n",
            "groups: []\n",
            "version: 1\n",
            "version: 1\ngroups: {}\n",
            "version: 1\ngroups: [x]\n",
            "version: 1\nx-anchors: {a: 1}\ngroups: []\n",
            "version: 1\nextra: 1\ngroups: []\n",
            "version: 1\ngrups: []\n",
            "version: 1\ndefaults:\ngroups: []\n",
            "version: 1\ndefaults: {image: ''}\ngroups: []\n",
            "version: 1\ndefaults: {image: 5, user: true, limits: {pids: x, memory: 2}, network: wifi}\ngroups: []\n",
            "version: 1\npolicy: {nonMainReadOnly: yes, nonMainProxy: \"false\", other: 1}\ngroups: []\n",
            "version: 1\ngroups:\n  - name: x\n",
            "version: 1\ngroups:\n  - id: ''\n    folder: " + new string('f', 65) + "\n",
            "version: 1\ngroups:\n  - id: a\n    folder: a\n    main: 1\n    skills: some\n    env: {A: 1, B: [x], C: ok}\n",
            "version: 1\ngroups:\n  - id: a\n    folder: a\n    skills: [a, '', 3]\n",
            "version: 1\ngroups:\n  - id: a\n    folder: a\n    mounts: [x, {source: ~/a, target: b}, {hostPth: ~/a, containerPath: b}, {hostPath: 1, containerPath: [], readonly: no}]\n",
            "version: 1\ngroups:\n  - id: a\n    folder: a\n    mounts:\n      - {}\n      - containerPath: b\n        mode: ro\n",
            "version: 1\ngroups:\n  - id: a\n    folder: a\n    user: [1]\n    limits: [1]\n    network: 1\n",
            "version: 1\nbase: &b {id: a}\ngroups:\n  - <<: *b\n    folder: a\n",
            "- a\n- b\n",
            "just text\n",
        };

        [Theory]
        [MemberData(nameof(Violations))]
        public void Each_keyword_violation_gives_the_findings_the_NJsonSchema_validator_gave(string text) =>
            AssertSame(text, "hand-picked");

        [Fact]
        public void Every_file_the_tests_ship_gives_the_same_findings()
        {
            var root = Yaml.RepoRoot;
            var files = new[] { Path.Combine(root, "groups.yaml") }
                .Concat(Directory.GetFiles(Path.Combine(root, "tests", "AgentSpec.Generators.Tests", "Inputs"), "*.yaml"))
                .ToList();
            Assert.True(files.Count >= 3);
            foreach (var file in files)
            {
                AssertSame(File.ReadAllText(file), file);
            }
        }

        [Fact]
        public void Mutated_files_from_a_fixed_seed_give_the_same_findings()
        {
            var setting = Environment.GetEnvironmentVariable("AGENTSPEC_FUZZ_SEED");
            var seed = setting == "random" ? Environment.TickCount : int.TryParse(setting, out var s) ? s : 20261129;
            var random = new Random(seed);
            var bases = new[] { Yaml.Example, File.ReadAllText(Path.Combine(Yaml.RepoRoot, "tests", "AgentSpec.Generators.Tests", "Inputs", "valid.groups.yaml")) };
            var compared = 0;
            for (var i = 0; i < MutatedCases; i++)
            {
                var text = Mutate(bases[random.Next(bases.Length)], random);
                try
                {
                    compared += AssertSame(text, $"case {i}") ? 1 : 0;
                }
                catch (Exception)
                {
                    _output.WriteLine($"seed {seed} (AGENTSPEC_FUZZ_SEED={seed} repeats this run), case {i}:\n{text}");
                    throw;
                }
            }

            // Most mutations must still be YAML that both validators judge, or the comparison says little.
            Assert.True(compared > MutatedCases / 2, $"only {compared} of {MutatedCases} cases were compared");
        }

        /// <summary>Line edits: a value or key replaced, a line inserted, deleted or re-indented.</summary>
        private static string Mutate(string text, Random random)
        {
            var lines = text.Split('\n').ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(lines.Count);
                var line = lines[at];
                var indent = line.Length - line.TrimStart(' ', '-').Length;
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                switch (random.Next(5))
                {
                    case 0 when colon > 0:
                        lines[at] = line.Substring(0, colon + 2) + Values[random.Next(Values.Length)];
                        break;
                    case 1 when colon > 0:
                        lines[at] = line.Substring(0, indent) + Keys[random.Next(Keys.Length)] + line.Substring(colon);
                        break;
                    case 2:
                        lines.Insert(at, new string(' ', indent) + Keys[random.Next(Keys.Length)] + ": " + Values[random.Next(Values.Length)]);
                        break;
                    case 3:
                        lines.RemoveAt(at);
                        break;
                    default:
                        lines[at] = new string(' ', random.Next(0, 3) * 2) + line.TrimStart(' ');
                        break;
                }

                if (lines.Count == 0)
                {
                    lines.Add("version: 1");
                }
            }

            return string.Join("\n", lines);
        }

        /// <returns>false when the text is not YAML both validators can judge (the reader refused it).</returns>
        private static bool AssertSame(string text, string what)
        {
            var read = YamlReader.Read(text);
            if (read.Root is null)
            {
                return false;
            }

            IReadOnlyList<Finding> expected;
            try
            {
                expected = NJsonSchemaReference.Validate(read.Root);
            }
            catch (FormatException)
            {
                // The old validator could not convert some YAML numbers (e.g. 0x10 typed as an integer) to JSON.
                SchemaValidator.Validate(read.Root);
                return false;
            }
            catch (OverflowException)
            {
                // ...or integers beyond 64 bits: the compiler reported AGS0009 for them; the new validator judges them.
                SchemaValidator.Validate(read.Root);
                return false;
            }

            var actual = SchemaValidator.Validate(read.Root);
            Assert.True(Describe(expected) == Describe(actual), $"{what}:\n{text}\n--- NJsonSchema validator:\n{Describe(expected)}\n--- SchemaValidator:\n{Describe(actual)}");
            return true;
        }

        private static string Describe(IEnumerable<Finding> findings) => string.Join("\n", findings
            .Select(f => $"{f.Span.StartLine + 1}:{f.Span.StartColumn + 1}-{f.Span.EndLine + 1}:{f.Span.EndColumn + 1} {f.Id} {f.Message}")
            .OrderBy(l => l, StringComparer.Ordinal));
    }
}
