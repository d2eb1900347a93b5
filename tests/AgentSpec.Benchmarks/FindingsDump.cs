using AgentSpec.Core;

namespace AgentSpec.Benchmarks;

/// <summary>
/// `--findings`: prints the findings GroupsCompiler gives for a fixed set of broken and valid inputs, so a
/// performance change to Core can be diffed against the code before it (same findings for the same input).
/// </summary>
public static class FindingsDump
{
    public static IEnumerable<(string Name, string Text)> Cases()
    {
        yield return ("valid-10", Inputs.Groups(10));
        yield return ("root-groups.yaml", File.ReadAllText(Path.Combine(Harness.RepoRoot(), "groups.yaml")));
        const string head = "version: 1\ndefaults:\n  image: a/b:1\ngroups:\n";
        yield return ("unknown-top", "version: 1\ngroupz: []\ngroups: []\n");
        yield return ("unknown-group-key", head + "  - id: main\n    folder: main\n    main: true\n    mounst: []\n    colour: red\n");
        yield return ("docker-keys", head + "  - id: main\n    folder: main\n    main: true\n    mounts:\n      - source: ~/a\n        target: a\n        mode: ro\n      - src: ~/b\n        hostPath: ~/b\n");
        yield return ("misspelled-mount-key", head + "  - id: main\n    folder: main\n    main: true\n    mounts:\n      - hostPth: ~/a\n        containerPath: a\n        readonly: true\n");
        yield return ("missing-keys", head + "  - name: x\n  - id: b\n    mounts:\n      - readonly: true\n");
        yield return ("wrong-types", head + "  - id: 5\n    folder: [x]\n    main: yes\n    env:\n      A: [1]\n      B: 2\n    mounts:\n      - hostPath: 7\n        containerPath: {a: b}\n        readonly: \"false\"\n      - notamapping\n");
        yield return ("skills", head + "  - id: main\n    folder: main\n    main: true\n    skills: some\n  - id: b\n    folder: b\n    skills: [1, \"\"]\n  - id: c\n    folder: c\n    skills: {a: 1}\n");
        yield return ("enum-and-lengths", "version: 2\ndefaults:\n  image: \"\"\ngroups:\n  - id: \"\"\n    folder: " + new string('f', 70) + "\n    main: true\n");
        yield return ("root-not-mapping", "- a\n- b\n");
        yield return ("groups-not-list", "version: 1\ngroups: {a: 1}\n");
        yield return ("policy", "version: 1\npolicy:\n  nonMainReadOnly: maybe\n  other: 1\ngroups: []\n");
        yield return ("rules", head + "  - id: main\n    folder: main\n    main: true\n    mounts:\n      - hostPath: ~/.ssh\n        containerPath: /workspace/x\n        readonly: false\n      - hostPath: relative/path\n        containerPath: ../up\n  - id: main\n    folder: Main\n    main: true\n    env:\n      SKILL_DATA_DIR: x\n    mounts:\n      - hostPath: ~/a\n        containerPath: a\n        readonly: false\n      - hostPath: ~/b\n        containerPath: a/b\n        readonly: true\n");
        yield return ("anchors-merge", "version: 1\nx-m: &m\n  hostPath: ~/a\n  containerPath: a\ngroups:\n  - id: main\n    folder: main\n    main: true\n    image: i\n    mounts:\n      - <<: *m\n        readonly: true\n      - <<: *m\n        target: z\n");
        yield return ("syntax", "version: 1\ngroups:\n  - id: [\n");
        yield return ("empty", "");
    }

    public static void Write(TextWriter output)
    {
        foreach (var (name, text) in Cases())
        {
            output.WriteLine("== " + name);
            var result = GroupsCompiler.Compile(text);
            foreach (var finding in result.Findings)
            {
                output.WriteLine(finding.Format("groups.yaml"));
            }

            output.WriteLine($"plans: {result.Plans.Count}: {string.Join(", ", result.Plans.Select(p => $"{p.Id}/{p.Folder}/{p.Image}/{string.Join(" ", p.Environment.Select(e => e.Name + "=" + e.Value))}/{string.Join(" ", p.Mounts.Select(m => m.HostSource + ">" + m.ContainerPath + ":" + m.Mode))}"))}");
        }
    }
}
