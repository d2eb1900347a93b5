using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Yaml;
using Microsoft.CodeAnalysis;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using AgentSpec.Core;

namespace AgentSpec.Benchmarks;

/// <summary>
/// Runs every measurement, checks the facts the figures rest on (valid inputs, cached incremental steps,
/// a working CLI) and writes docs/performance.md. Exit code 1 when a check fails, whatever the timings.
/// </summary>
public static class Harness
{
    public const double GeneratorTarget = 3.0;   // generator ≤ 3 × bare parse at 1,000 groups
    public const double ScalingTarget = 11.0;    // 10,000 groups ≤ 11 × 1,000 groups

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> MainAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: AgentSpec.Benchmarks [--smoke] [--sizes 10,100,1000,10000] [--iterations N] [--cli-runs N] [--cli PATH] [--write docs/performance.md] [--findings]");
            return 2;
        }

        if (options.Findings)
        {
            FindingsDump.Write(Console.Out);
            return 0;
        }

        var report = new Report(options);
        var failures = new List<string>();
        Console.Error.WriteLine($"AgentSpec.Benchmarks: {(options.Smoke ? "smoke" : "full")} run, sizes {string.Join(", ", options.Sizes)}");

        var schema = JsonSchema.FromJsonAsync(SchemaValidator.SchemaText).GetAwaiter().GetResult();
        foreach (var size in options.Sizes)
        {
            var text = Inputs.Groups(size);
            var check = GroupsCompiler.Compile(text);
            var errors = check.Findings.Count(f => f.IsError);
            if (errors > 0 || check.Plans.Count != size)
            {
                failures.Add($"{size} groups: the generated input gave {errors} error(s) and {check.Plans.Count} plan(s): {string.Join("; ", check.Findings.Take(3).Select(f => f.Format("groups.yaml")))}");
                continue;
            }

            var (warmup, n) = options.IterationsFor(size);
            var row = new SizeResult(size, text.Length, text.Count(c => c == '\n'), check.Findings.Count);
            report.Sizes.Add(row);
            Console.Error.WriteLine($"  {size} groups ({text.Length / 1024.0:F0} KiB): {warmup} warm-up + {n} runs per figure");

            row.Add("parse.events", Measure.Run(warmup, n, () =>
            {
                var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
                var count = 0;
                while (parser.MoveNext())
                {
                    count++;
                }

                return count;
            }));
            row.Add("parse.stream", Measure.Run(warmup, n, () =>
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(text));
                return stream;
            }));

            var root = (YMapping)YamlReader.Read(text).Root!;
            row.Add("compile", Measure.Run(warmup, n, () => GroupsCompiler.Compile(text)));
            row.Add("phase.read", Measure.Run(warmup, n, () => YamlReader.Read(text)));
            row.Add("phase.validate", Measure.Run(warmup, n, () => SchemaValidator.Validate(root)));
            // The validator SchemaValidator replaced in 0.9 (NJsonSchema on a JSON copy of the tree), for comparison.
            row.Add("phase.validate.njsonschema", Measure.Run(warmup, n, () => schema.Validate(JsonOf(root))));
            row.Add("phase.rules", Measure.Run(warmup, n, () =>
            {
                var findings = new List<Finding>();
                var file = DeclarationReader.Read(root, findings);
                return GroupRules.Check(file);
            }));

            var rig = new GeneratorRig(text);
            var first = rig.FullRun();
            var summary = GeneratorRig.Summarize(first);
            if (summary.Errors > 0 || summary.Sources != 1 || summary.Generated is null)
            {
                failures.Add($"{size} groups: the generator gave {summary.Errors} error(s) and {summary.Sources} source(s)");
                continue;
            }

            row.GeneratedChars = summary.Generated.Length;
            row.Add("generator", Measure.Run(warmup, n, () => rig.FullRun()));
            row.Add("generator.parse-output", Measure.Run(warmup, n, () => GeneratorRig.ParseGenerated(summary.Generated)));

            // Edit to an unrelated C# file after a first run: the same driver, a compilation with one tree replaced.
            var edit = 0;
            row.Add("incremental", Measure.Run(warmup, Math.Max(n, options.Smoke ? 1 : 10), () => rig.WithUnrelatedEdit(++edit), c => first.RunGenerators(c)));

            var tracked = rig.NewDriver(trackSteps: true).RunGenerators(rig.Compilation);
            tracked = tracked.RunGenerators(rig.WithUnrelatedEdit(-1));
            var reasons = GeneratorRig.StepReasons(tracked);
            row.StepReasons = reasons;
            foreach (var name in GeneratorRig.TrackingNames)
            {
                if (!reasons.TryGetValue(name, out var list) || list.Count == 0)
                {
                    failures.Add($"{size} groups: tracked step '{name}' did not run or was not tracked");
                }
                else if (list.Any(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)))
                {
                    failures.Add($"{size} groups: after an unrelated edit, step '{name}' reported {string.Join(", ", list)}");
                }
            }

            Console.Error.WriteLine($"    generator {row["generator"].Median:F1} ms, YamlStream.Load {row["parse.stream"].Median:F1} ms, compile {row["compile"].Median:F1} ms, incremental {row["incremental"].Median:F2} ms");
        }

        await RunCliAsync(options, report, failures);

        report.Failures.AddRange(failures);
        var markdown = report.ToMarkdown();
        if (options.Write is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Write))!);
            File.WriteAllText(options.Write, markdown);
            Console.Error.WriteLine($"wrote {options.Write}");
        }
        else
        {
            Console.Out.Write(markdown);
        }

        foreach (var failure in failures)
        {
            Console.Error.WriteLine("FAILED: " + failure);
        }

        Console.Error.WriteLine(failures.Count == 0 ? "benchmarks: all checks passed" : $"benchmarks: {failures.Count} check(s) failed");
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task RunCliAsync(Options options, Report report, List<string> failures)
    {
        var cli = options.Cli ?? Path.Combine(RepoRoot(), "src", "AgentSpec.Cli", "bin", "Release", "net10.0", "agentspec");
        if (!File.Exists(cli))
        {
            failures.Add($"the agentspec binary was not found at {cli} (build src/AgentSpec.Cli in Release, or pass --cli)");
            return;
        }

        report.CliPath = cli;
        var dir = Path.Combine(Path.GetTempPath(), "agentspec-bench-" + Environment.ProcessId.ToString(Inv));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var size in options.Smoke ? new[] { 10 } : new[] { 10, 1000 })
            {
                var file = Path.Combine(dir, $"groups-{size}.yaml");
                await File.WriteAllTextAsync(file, Inputs.Groups(size));
                var runs = options.CliRuns;
                var samples = new double[runs];
                double? firstRun = null;
                for (var i = -1; i < runs; i++)
                {
                    var (ms, code, output) = await SpawnAsync(cli, "check", file);
                    if (code != 0)
                    {
                        failures.Add($"agentspec check on {size} groups exited {code}: {output}");
                        return;
                    }

                    if (i < 0)
                    {
                        firstRun = ms;
                    }
                    else
                    {
                        samples[i] = ms;
                    }
                }

                report.Cli.Add((size, new Stats(samples, double.NaN), firstRun!.Value));
                Console.Error.WriteLine($"  agentspec check, {size} groups: median {Stats.MedianOf(samples):F0} ms over {runs} processes");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(double Ms, int ExitCode, string Output)> SpawnAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        var sw = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        sw.Stop();
        return (sw.Elapsed.TotalMilliseconds, process.ExitCode, (await stdout) + (await stderr));
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentSpec.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    /// <summary>The YAML → JSON conversion the NJsonSchema-based validator did (without its node map).</summary>
    private static JToken JsonOf(YNode node) => node switch
    {
        YScalar { Kind: YScalarKind.Null } => JValue.CreateNull(),
        YScalar { Kind: YScalarKind.Bool } s => new JValue(s.Value.Equals("true", StringComparison.OrdinalIgnoreCase)),
        YScalar { Kind: YScalarKind.Int } s => new JValue(long.Parse(s.Value, Inv)),
        YScalar { Kind: YScalarKind.Float } s => new JValue(double.Parse(s.Value, Inv)),
        YScalar s => new JValue(s.Value),
        YSequence seq => new JArray(seq.Items.Select(JsonOf)),
        _ => new JObject(((YMapping)node).Entries.Select(e => new JProperty(e.Key.Value, JsonOf(e.Value)))),
    };

    public sealed class Options
    {
        public bool Smoke { get; private set; }

        public bool Findings { get; private set; }

        public int[] Sizes { get; private set; } = { 10, 100, 1000, 10000 };

        public int? Iterations { get; private set; }

        public int CliRuns { get; private set; } = 10;

        public string? Cli { get; private set; }

        public string? Write { get; private set; }

        public (int Warmup, int N) IterationsFor(int size)
        {
            if (Smoke)
            {
                return (0, 1);
            }

            var (warmup, n) = size switch
            {
                <= 10 => (10, 31),
                <= 100 => (5, 21),
                <= 1000 => (3, 11),
                _ => (1, 5),
            };
            return (warmup, Iterations ?? n);
        }

        public static Options? Parse(string[] args)
        {
            var o = new Options();
            var sizesGiven = false;
            var cliRunsGiven = false;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
                switch (args[i])
                {
                    case "--smoke":
                        o.Smoke = true;
                        break;
                    case "--findings":
                        o.Findings = true;
                        break;
                    case "--sizes":
                        o.Sizes = Next().Split(',').Select(s => int.Parse(s, Inv)).ToArray();
                        sizesGiven = true;
                        break;
                    case "--iterations":
                        o.Iterations = int.Parse(Next(), Inv);
                        break;
                    case "--cli-runs":
                        o.CliRuns = int.Parse(Next(), Inv);
                        cliRunsGiven = true;
                        break;
                    case "--cli":
                        o.Cli = Next();
                        break;
                    case "--write":
                        o.Write = Next();
                        break;
                    default:
                        return null;
                }
            }

            if (o.Smoke)
            {
                o.Sizes = sizesGiven ? o.Sizes : new[] { 10 };
                o.CliRuns = cliRunsGiven ? o.CliRuns : 1;
            }

            return o;
        }
    }

    public sealed class SizeResult
    {
        private readonly Dictionary<string, Stats> _stats = new(StringComparer.Ordinal);

        public SizeResult(int groups, int chars, int lines, int findings)
        {
            Groups = groups;
            Chars = chars;
            Lines = lines;
            Findings = findings;
        }

        public int Groups { get; }

        public int Chars { get; }

        public int Lines { get; }

        public int Findings { get; }

        public int GeneratedChars { get; set; }

        public IReadOnlyDictionary<string, IReadOnlyList<IncrementalStepRunReason>> StepReasons { get; set; } = new Dictionary<string, IReadOnlyList<IncrementalStepRunReason>>();

        public Stats this[string key] => _stats[key];

        public bool Has(string key) => _stats.ContainsKey(key);

        public void Add(string key, Stats stats) => _stats[key] = stats;
    }

    public sealed class Report
    {
        public Report(Options options) => Options = options;

        public Options Options { get; }

        public List<SizeResult> Sizes { get; } = new();

        public List<(int Groups, Stats Stats, double FirstRun)> Cli { get; } = new();

        public string? CliPath { get; set; }

        public List<string> Failures { get; } = new();

        public string ToMarkdown() => MarkdownReport.Write(this);
    }

    public static string F(double ms) => ms switch
    {
        double.NaN => "–",
        < 1 => ms.ToString("F3", Inv),
        < 10 => ms.ToString("F2", Inv),
        < 100 => ms.ToString("F1", Inv),
        _ => ms.ToString("F0", Inv),
    };

    public static string Cell(Stats s) => $"{F(s.Median)} ({F(s.Min)}–{F(s.Max)}, n={s.N})";

    public static string MachineLine(Func<string> get)
    {
        try
        {
            return get();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    public static string Machine()
    {
        var cpu = MachineLine(() => File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown");
        var mem = MachineLine(() =>
        {
            var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv);
            return (kb / 1024.0 / 1024.0).ToString("F1", Inv) + " GiB";
        });
        var sdk = MachineLine(() =>
        {
            var info = new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = RepoRoot() };
            using var p = Process.Start(info)!;
            var v = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return v;
        });
        var load = MachineLine(() => File.ReadAllText("/proc/loadavg").Trim());
        var sb = new StringBuilder();
        sb.Append("| | |\n|---|---|\n");
        sb.Append("| cores (`nproc`) | ").Append(Environment.ProcessorCount.ToString(Inv)).Append(" |\n");
        sb.Append("| CPU | ").Append(cpu).Append(" |\n");
        sb.Append("| memory | ").Append(mem).Append(" |\n");
        sb.Append("| `dotnet --version` | ").Append(sdk).Append(" |\n");
        sb.Append("| runtime | ").Append(RuntimeInformation.FrameworkDescription).Append(", ").Append(RuntimeInformation.OSDescription).Append(" |\n");
        sb.Append("| load average at the end of the run | ").Append(load).Append(" |\n");
        return sb.ToString();
    }
}
