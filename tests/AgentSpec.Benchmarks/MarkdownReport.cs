using System.Globalization;
using System.Text;
using static AgentSpec.Benchmarks.Harness;

namespace AgentSpec.Benchmarks;

/// <summary>docs/performance.md, written from one run. Hand-written analysis lives in notes.md beside this file and is copied in.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(Report report)
    {
        var sb = new StringBuilder();
        var smoke = report.Options.Smoke;
        sb.Append("# Performance\n\n");
        sb.Append("<!-- Written by tests/AgentSpec.Benchmarks/run.sh; edit tests/AgentSpec.Benchmarks/notes.md or the harness, not this file. -->\n\n");
        if (smoke)
        {
            sb.Append("**Smoke run: tiny inputs, one iteration each. These figures only show that the benchmarks run; they measure nothing.**\n\n");
        }

        sb.Append("Figures from `tests/AgentSpec.Benchmarks` (Release), taken ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", Inv)).Append(".\n");
        sb.Append("They were taken on a **shared 2-core box**: other engineers' builds ran beside them, so single runs are noisy; ");
        sb.Append("compare medians, and ratios taken in the same run, rather than absolute times across runs.\n\n");

        sb.Append("## Machine\n\n").Append(Machine()).Append('\n');

        sb.Append("## Method\n\n");
        sb.Append("- A custom harness (not BenchmarkDotNet, so a full run takes minutes and `--smoke` seconds). Every figure is the **median** wall-clock time of n timed runs after warm-up runs, with min–max and n; a full GC runs before each timed run and is not timed. \"MB\" is the median managed allocation per run. \"CPU\" is the median process CPU time per run (all threads, GC included): on a shared box it does not count time spent waiting for a core, so ratios of CPU medians are the steadier comparison; both are shown and the targets are judged on both.\n");
        sb.Append("- Inputs are generated, valid and realistic `groups.yaml` files: N groups (one main), each with id, name, folder, skills, two env vars and **5 operator mounts** (`hostPath` under `~/…` or `/srv/…`, `containerPath`, `readonly`). They compile with no findings (checked every run).\n");
        sb.Append("- **Bare parse** floors, both YamlDotNet 16.3 alone on the same text: *events* = `Parser` over a `Scanner` with `skipComments: true`, iterating every parsing event (exactly what `YamlReader` consumes); *YamlStream.Load* = the representation model (a node tree with marks, the closest analogue of `YamlReader`'s tree). **The 3× target is judged against `YamlStream.Load`**; the ratio to the event loop is shown beside it.\n");
        sb.Append("- **Generator** = a fresh `CSharpGeneratorDriver` per run over a two-file C# compilation with the text as the `groups.yaml` AdditionalFile: `RunGenerators` end to end (read, schema, rules, diagnostics, emit `CompiledGroups.g.cs`, and Roslyn parsing that output).\n");
        sb.Append("- **Compile** = `GroupsCompiler.Compile(text)`; its phases are timed alone: `YamlReader.Read`, `SchemaValidator.Validate` (on a tree read beforehand; beside it, for comparison, the NJsonSchema-based validation it replaced in 0.9: YAML→JSON conversion plus `JsonSchema.Validate(JToken)`), and *rules* = `DeclarationReader.Read` + `GroupRules.Check`.\n");
        sb.Append("- **Incremental** = after a first run, the same driver runs on a compilation in which `Unrelated.cs` was replaced by an edited copy. Step tracking (`GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true)`) shows every tracked step's outputs; the timed runs use a driver without tracking, like a build.\n");
        sb.Append("- **CLI** = the `agentspec` binary named below (run.sh passes the NativeAOT publish that `./agentspec` runs), spawned as a new process per run: `agentspec check FILE`; wall time from spawn to exit, output read and discarded. One extra first run (OS caches possibly cold) is shown apart and not in the median.\n\n");

        var byGroups = report.Sizes.ToDictionary(s => s.Groups);

        sb.Append("## Generator vs bare parse\n\n");
        sb.Append("Times in ms: median (min–max, n).\n\n");
        sb.Append("| groups | text | YamlDotNet events | YamlDotNet YamlStream.Load | generator (full run) | generator ÷ YamlStream.Load | generator ÷ events | CPU ms: events / YamlStream.Load / generator | CPU ratio generator ÷ YamlStream.Load | generator MB |\n");
        sb.Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var s in report.Sizes)
        {
            sb.Append($"| {s.Groups:N0} | {s.Chars / 1024.0:F0} KiB | {Cell(s["parse.events"])} | {Cell(s["parse.stream"])} | {Cell(s["generator"])} | **{Ratio(s["generator"], s["parse.stream"])}** | {Ratio(s["generator"], s["parse.events"])} | {F(s["parse.events"].CpuMedian)} / {F(s["parse.stream"].CpuMedian)} / {F(s["generator"].CpuMedian)} | **{CpuRatio(s["generator"], s["parse.stream"])}** | {s["generator"].MedianAllocatedMb:F1} |\n");
        }

        sb.Append("\n## Where the time goes\n\n");
        sb.Append("`GroupsCompiler.Compile` alone and its phases, in ms: median (min–max, n). The generator's remainder is the driver, the emitter and Roslyn parsing the emitted C# (timed alone in the last column).\n\n");
        sb.Append("| groups | Compile | YamlReader.Read | SchemaValidator.Validate | NJsonSchema (before 0.9) | rules | generator | parse of emitted C# (chars) |\n");
        sb.Append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var s in report.Sizes)
        {
            sb.Append($"| {s.Groups:N0} | {Cell(s["compile"])} | {Cell(s["phase.read"])} | {Cell(s["phase.validate"])} | {Cell(s["phase.validate.njsonschema"])} | {Cell(s["phase.rules"])} | {Cell(s["generator"])} | {Cell(s["generator.parse-output"])} ({s.GeneratedChars / 1024.0:F0} KiB) |\n");
        }

        sb.Append("\nMedian CPU ms per run: ");
        sb.Append(string.Join("; ", report.Sizes.Select(s => $"{s.Groups:N0} groups: Compile {F(s["compile"].CpuMedian)}, Read {F(s["phase.read"].CpuMedian)}, Validate {F(s["phase.validate"].CpuMedian)} (NJsonSchema before 0.9: {F(s["phase.validate.njsonschema"].CpuMedian)}), rules {F(s["phase.rules"].CpuMedian)}, generator {F(s["generator"].CpuMedian)}")));
        sb.Append(".\n\nMedian allocation per run (MB): ");
        sb.Append(string.Join("; ", report.Sizes.Select(s => $"{s.Groups:N0} groups: Compile {s["compile"].MedianAllocatedMb:F1}, Read {s["phase.read"].MedianAllocatedMb:F1}, Validate {s["phase.validate"].MedianAllocatedMb:F1}, rules {s["phase.rules"].MedianAllocatedMb:F1}")));
        sb.Append(".\n\n");

        sb.Append("## Scaling\n\n");
        if (byGroups.TryGetValue(1000, out var k1) && byGroups.TryGetValue(10000, out var k10))
        {
            sb.Append("| figure | 1,000 groups | 10,000 groups | 10,000 ÷ 1,000 | CPU ratio |\n|---|---:|---:|---:|---:|\n");
            foreach (var (key, label) in new[] { ("generator", "generator (full run)"), ("compile", "GroupsCompiler.Compile"), ("phase.read", "YamlReader.Read"), ("phase.validate", "SchemaValidator.Validate"), ("phase.rules", "rules"), ("parse.stream", "YamlStream.Load"), ("parse.events", "YamlDotNet events") })
            {
                sb.Append($"| {label} | {F(k1[key].Median)} | {F(k10[key].Median)} | {Ratio(k10[key], k1[key])} | {CpuRatio(k10[key], k1[key])} |\n");
            }
        }
        else
        {
            sb.Append("Not measured in this run (needs sizes 1,000 and 10,000).\n");
        }

        sb.Append("\n## Edit to an unrelated C# file\n\n");
        sb.Append("After a first run, `Unrelated.cs` is replaced and the same driver runs again. Reasons of every output of every tracked step (tracking names from `TrackingNames`):\n\n");
        sb.Append("| groups | ").Append(string.Join(" | ", GeneratorRig.TrackingNames)).Append(" | incremental run, ms | YamlReader.Read alone, ms | full generator run, ms |\n");
        sb.Append("|---:|").Append(string.Concat(GeneratorRig.TrackingNames.Select(_ => "---|"))).Append("---:|---:|---:|\n");
        foreach (var s in report.Sizes)
        {
            sb.Append($"| {s.Groups:N0} | ");
            foreach (var name in GeneratorRig.TrackingNames)
            {
                sb.Append(s.StepReasons.TryGetValue(name, out var reasons) ? string.Join(", ", reasons.GroupBy(r => r).Select(g => g.Count() == 1 ? g.Key.ToString() : $"{g.Count()}× {g.Key}")) : "not run").Append(" | ");
            }

            sb.Append($"{Cell(s["incremental"])} | {F(s["phase.read"].Median)} | {F(s["generator"].Median)} |\n");
        }

        sb.Append("\nEvery step's outputs are `Cached` or `Unchanged`, so neither the file read nor `GroupsCompiler.Compile` ran; the timing agrees: the incremental run does not grow with the file and costs a small fraction of `YamlReader.Read` alone.\n\n");

        sb.Append("## `agentspec check`, whole process\n\n");
        if (report.Cli.Count > 0)
        {
            sb.Append($"Binary: `{Path.GetRelativePath(RepoRoot(), report.CliPath!)}`. Each run is a new process (start, read, compile, print).\n\n");
            sb.Append("| file | median (min–max, n) ms | first run ms | in-process Compile ms |\n|---|---:|---:|---:|\n");
            foreach (var (groups, stats, first) in report.Cli)
            {
                var inProcess = byGroups.TryGetValue(groups, out var s) ? F(s["compile"].Median) : "–";
                sb.Append($"| {groups:N0} groups | {Cell(stats)} | {F(first)} | {inProcess} |\n");
            }

            sb.Append("\nThe 10-group file is the floor: process start and a small check (with the NativeAOT binary, no runtime start and no JIT). The difference to 1,000 groups is the file's own cost, close to the in-process Compile.\n\n");
        }
        else
        {
            sb.Append("Not measured in this run.\n\n");
        }

        sb.Append("## Targets\n\n");
        sb.Append("| target | figure | met? |\n|---|---|---|\n");
        if (byGroups.TryGetValue(1000, out var t1))
        {
            var ratio = t1["generator"].Median / t1["parse.stream"].Median;
            var cpuRatio = t1["generator"].CpuMedian / t1["parse.stream"].CpuMedian;
            sb.Append($"| generator within {GeneratorTarget:F0}× of the bare parse (YamlStream.Load) at 1,000 groups | wall {ratio:F2}× ({F(t1["generator"].Median)} ms vs {F(t1["parse.stream"].Median)} ms; {t1["generator"].Median / t1["parse.events"].Median:F2}× the event loop); CPU {cpuRatio:F2}× | {Verdict(ratio <= GeneratorTarget, cpuRatio <= GeneratorTarget)} |\n");
        }
        else
        {
            sb.Append("| generator within 3× of the bare parse at 1,000 groups | not measured | – |\n");
        }

        if (byGroups.TryGetValue(1000, out var s1) && byGroups.TryGetValue(10000, out var s10))
        {
            var ratio = s10["generator"].Median / s1["generator"].Median;
            var cpuRatio = s10["generator"].CpuMedian / s1["generator"].CpuMedian;
            sb.Append($"| 10,000 groups at most {ScalingTarget:F0}× 1,000 groups (generator) | wall {ratio:F2}×; CPU {cpuRatio:F2}× | {Verdict(ratio <= ScalingTarget, cpuRatio <= ScalingTarget)} |\n");
        }
        else
        {
            sb.Append("| 10,000 groups at most 11× 1,000 groups | not measured | – |\n");
        }

        var allCached = report.Sizes.Count > 0 && report.Sizes.All(s => GeneratorRig.TrackingNames.All(n => s.StepReasons.TryGetValue(n, out var r) && r.Count > 0 && r.All(x => x is Microsoft.CodeAnalysis.IncrementalStepRunReason.Cached or Microsoft.CodeAnalysis.IncrementalStepRunReason.Unchanged)));
        sb.Append($"| unrelated C# edit: every tracked step Cached/Unchanged | {(allCached ? "all five steps, every size" : "see the table above")} | {(allCached ? "yes" : "**no**")} |\n");
        if (report.Failures.Count > 0)
        {
            sb.Append("\n**Checks that failed in this run:**\n\n");
            foreach (var f in report.Failures)
            {
                sb.Append("- ").Append(f).Append('\n');
            }
        }

        var notes = Path.Combine(RepoRoot(), "tests", "AgentSpec.Benchmarks", "notes.md");
        if (File.Exists(notes))
        {
            sb.Append('\n').Append(File.ReadAllText(notes).TrimEnd()).Append('\n');
        }

        // The launch figures come from tests/AgentSpec.LaunchBenchmarks (real containers), written just before this
        // report by tests/run-benchmarks.sh; they are included here, headings one level down, so one file has every figure.
        var launch = Path.Combine(RepoRoot(), "docs", "performance-launch.md");
        sb.Append("\n## Launch path\n\n");
        if (File.Exists(launch))
        {
            foreach (var line in File.ReadAllLines(launch).Skip(1))
            {
                sb.Append(line.StartsWith('#') ? "#" + line : line).Append('\n');
            }
        }
        else
        {
            sb.Append("> Not measured in this run: run `tests/AgentSpec.LaunchBenchmarks/run.sh` (or `tests/run-benchmarks.sh`) to write docs/performance-launch.md.\n");
        }

        sb.Append("\n## Egress gateway\n\n");
        sb.Append("Latency per HTTPS request and 100 MB throughput through `agentspec gateway` (tunnelled and intercepted) beside the direct floor, ");
        sb.Append("in one run: [performance-gateway.md](performance-gateway.md), written by `tests/AgentSpec.GatewayBenchmarks/run.sh`.\n");
        return sb.ToString();
    }

    private static string Verdict(bool wall, bool cpu) => wall && cpu ? "yes" : !wall && !cpu ? "**no**" : wall ? "yes by wall time, **no** by CPU time" : "**no** by wall time, yes by CPU time";

    private static string CpuRatio(Stats a, Stats b) => (a.CpuMedian / b.CpuMedian).ToString("F2", Inv) + "×";

    private static string Ratio(Stats a, Stats b) => (a.Median / b.Median).ToString("F2", Inv) + "×";
}
