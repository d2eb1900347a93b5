// Launch benchmarks for AgentSpec. A plain harness: every figure is the median, min, max and n of repeated
// runs, measured side by side (round-robin) with its floor in the same run. No figure is asserted anywhere.
//
//   AgentSpec.LaunchBenchmarks --agentspec PATH [--agentspec-aot PATH] [--binary KEY=PATH] [--smoke] [--iterations N] [--only SECTIONS] [--out FILE]
//   AgentSpec.LaunchBenchmarks phases ...   (internal: one cold+warm phase breakdown in a fresh process)
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentSpec.Generated;
using AgentSpec.LaunchBenchmarks;
using AgentSpec.Model;
using AgentSpec.Runtime;
using Docker.DotNet;
using Docker.DotNet.Models;
using Config = AgentSpec.LaunchBenchmarks.Config;
using Stats = AgentSpec.LaunchBenchmarks.Stats;
using Mount = AgentSpec.Model.Mount;

if (args.Length > 0 && args[0] == "phases")
{
    // Child mode: a fresh process, so the first pass is cold (JIT, first connection) like an agentspec process.
    var sinceStart = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
    var result = await Phases.RunAsync(args[1], args[2], sinceStart);
    Console.Out.WriteLine(JsonSerializer.Serialize(result));
    return 0;
}

if (args.Length > 0 && args[0] == "coldprobe")
{
    // Child mode: what the first engine calls of a fresh process cost, one by one (ping has no JSON body).
    var probe = Stopwatch.StartNew();
    var lap = new List<string>();
    void Lap(string what)
    {
        lap.Add($"{what} {probe.Elapsed.TotalMilliseconds:0.0}");
        probe.Restart();
    }

    using var c = Engine.Client();
    Lap("client");
    await c.System.PingAsync();
    Lap("ping");
    await c.System.PingAsync();
    Lap("ping2");
    await c.System.GetVersionAsync();
    Lap("version");
    await c.Images.InspectImageAsync("agentspec/agent:latest");
    Lap("inspect");
    await c.Images.InspectImageAsync("agentspec/agent:latest");
    Lap("inspect2");
    Console.Out.WriteLine(string.Join(" | ", lap));
    return 0;
}

var config = Config.Parse(args);
using var sandbox = new Sandbox();
var report = new Report();
var sw = Stopwatch.StartNew();

if (config.Runs("single"))
{
    await Single(config, sandbox, report);
}

if (config.Runs("phases"))
{
    await PhaseBreakdown(config, sandbox, report);
}

if (config.Runs("many"))
{
    await Many(config, sandbox, report);
}

if (config.Runs("init"))
{
    Init(config, sandbox, report);
}

report.Line();
report.Line($"_Harness wall time: {sw.Elapsed.TotalSeconds:0.0} s{(config.Smoke ? "; SMOKE run (one iteration each, tiny counts): the figures are not meaningful" : string.Empty)}._");
if (config.Out is { } path)
{
    File.WriteAllText(path, report.ToString());
}
else
{
    Console.Out.Write(report.ToString());
}

return 0;

// ---------------------------------------------------------------------------------------------------------------
// 1. One group: agentspec run research -- true, against the raw Engine API floor; and the short commands.
static async Task Single(Config config, Sandbox sandbox, Report report)
{
    var plan = CompiledGroups.Find("research") ?? throw new InvalidOperationException("groups.yaml has no 'research' group");
    var options = sandbox.RunOptions(["true"]);
    // init + host check once: the floor gets exactly these binds. The session lock is released at once, so the
    // measured runs (in-process and the CLI) can take it.
    LaunchSpec launch;
    using (var prepared = GroupLauncher.Prepare(plan, options))
    {
        launch = prepared.Launch;
    }

    var launcher = new DockerLauncher(InstallId.For(sandbox.DataRoot));
    using var client = Engine.Client();
    await client.System.PingAsync(); // the floor is warm: client made, connection pool and JSON code ready
    var n = 0;
    string Name() => $"lb-floor-{Environment.ProcessId}-{n++}";

    // The Python cross-check sends the same create body (binds, env, labels, hardening, seccomp profile).
    var body = sandbox.NewDir("create-body") + ".json";
    File.WriteAllText(body, Engine.CreateBody(launcher.BuildCreateParameters(launch with { RunId = "python" })));
    var python = Path.Join(AppContext.BaseDirectory, "raw_api.py");
    var checkFiles = config.CheckSizes.ToDictionary(size => size, size =>
    {
        var file = sandbox.NewDir($"groups-{size}") + ".yaml";
        File.WriteAllText(file, AgentSpec.Benchmarks.Inputs.Groups(size));
        return file;
    });

    var cases = new List<(string Key, string Label, Func<Task> Body, Func<string[]>? Process)>
    {
        ("floor", "floor: Docker.DotNet.Enhanced in-process create → start → wait → remove (warm client)", () => Engine.CreateStartWaitRemove(client, launcher.BuildCreateParameters(launch with { RunId = Name() }), attach: false, autoRemove: false), null),
        ("floor-attach", "floor + attach before start (what streaming output needs)", () => Engine.CreateStartWaitRemove(client, launcher.BuildCreateParameters(launch with { RunId = Name() }), attach: true, autoRemove: false), null),
        ("floor-list", "floor + the session's container list before create (the orphan check)", async () => { await launcher.RunningSessionContainerAsync(plan.Id, launch.Session); await Engine.CreateStartWaitRemove(client, launcher.BuildCreateParameters(launch with { RunId = Name() }), attach: false, autoRemove: false); }, null),
        ("floor-autoremove", "floor with HostConfig.AutoRemove instead of remove (returns before the daemon removed it)", () => Engine.CreateStartWaitRemove(client, launcher.BuildCreateParameters(launch with { RunId = Name() }), attach: false, autoRemove: true), null),
    };
    cases.Add(Proc.Case("python", "python3 raw Engine API (stdlib http over the socket): create → start → wait → delete, whole process", null, () => ["python3", python, body, Name()]));
    foreach (var (key, bin) in config.Binaries)
    {
        cases.Add(Proc.Case($"run-{key}", $"`agentspec run research --data-dir D -- true` ({key}), whole process", sandbox.Env, () => [bin, "run", "research", "--data-dir", sandbox.DataRoot, "--", "true"]));
    }

    var dockerArgs = new List<string> { "docker", "run", "--rm", "--network", "none", "-w", ContainerLayout.WorkingDirectory };
    foreach (var b in launch.Binds)
    {
        dockerArgs.AddRange(DockerCliMount(b));
    }

    foreach (var e in launch.Environment)
    {
        dockerArgs.AddRange(["-e", $"{e.Name}={e.Value}"]);
    }

    dockerArgs.AddRange([plan.Image, "true"]);
    cases.Add(Proc.Case("docker-cli", "`docker run --rm` CLI, same -v binds and env, --network none", null, () => dockerArgs.ToArray()));
    foreach (var (key, bin) in config.Binaries)
    {
        cases.Add(Proc.Case($"version-{key}", $"`agentspec --version` ({key}): process start alone", sandbox.Env, () => [bin, "--version"]));
        cases.Add(Proc.Case($"plan-{key}", $"`agentspec plan research` ({key}): start + compiled plans + output", sandbox.Env, () => [bin, "plan", "research"]));
        foreach (var (size, file) in checkFiles)
        {
            cases.Add(Proc.Case($"check{size}-{key}", $"`agentspec check` on a {size:N0}-group file ({key})", sandbox.Env, () => [bin, "check", file]));
        }
    }

    var stats = await Bench.RoundRobin(cases.Select(c => (c.Key, c.Body)).ToList(), config.Warmup, config.Iterations);
    // Peak memory apart from the timed rounds, so GNU time's own fork and exec never count in a time.
    var memory = new Dictionary<string, double>();
    foreach (var c in cases.Where(c => c.Process is not null))
    {
        memory[c.Key] = await Proc.PeakRssMegabytes(c.Process!, c.Key.StartsWith("run-") || c.Key.StartsWith("version-") || c.Key.StartsWith("plan-") || c.Key.StartsWith("check") ? sandbox.Env : null, config.MemoryRuns);
    }

    report.Heading("1. One group: `agentspec run research` against the Engine API floor, and the short commands");
    report.Line($"Group `research`: {launch.Binds.Count} binds ({launch.Binds.Count(b => b.Origin == MountOrigin.HostManaged)} host-managed + {launch.Binds.Count(b => b.Origin == MountOrigin.Operator)} operator), {launch.Environment.Count} env vars, image `{plan.Image}`, NetworkMode none, command `true`. " +
                $"The cases run round-robin (one of each per round, {config.Warmup} warm-up round(s) discarded) so drift on the shared machine hits all of them alike. " +
                $"Peak RSS is the whole process's high-water mark (`/usr/bin/time -f %M`, GNU time: wait4's rusage), median of {config.MemoryRuns} separate runs so the wrapper never counts in a time; the in-process floor has none of its own (it runs inside the harness).");
    report.Line();
    report.Table(cases.Select(c => (c.Label, stats[c.Key], memory.TryGetValue(c.Key, out var mb) ? mb : double.NaN)).ToList(), stats["floor"]);
    var floor = stats["floor"].Median;
    foreach (var (key, _) in config.Binaries)
    {
        var ratio = stats[$"run-{key}"].Median / floor;
        report.Line($"- `run` ({key}) / floor = **{ratio:0.00}×** (target ≤ 1.05×): **{Met(ratio <= 1.05)}**; peak memory {memory[$"run-{key}"]:0.0} MB (target ≤ 50 MB): **{Met(memory[$"run-{key}"] <= 50)}**. " +
                    $"Python raw API / floor = {stats["python"].Median / floor:0.00}×; `run` / Python = {stats[$"run-{key}"].Median / stats["python"].Median:0.00}×.");
        report.Line($"- ({key}) `--version` {stats[$"version-{key}"].Median:0.0} ms (target ≤ 20): **{Met(stats[$"version-{key}"].Median <= 20)}**; `plan research` {stats[$"plan-{key}"].Median:0.0} ms (target ≤ 30): **{Met(stats[$"plan-{key}"].Median <= 30)}**" +
                    string.Concat(checkFiles.Keys.Select(size => $"; `check` {size:N0} groups {stats[$"check{size}-{key}"].Median:0} ms (target ≤ {(size <= 10 ? 150 : 400)}): **{Met(stats[$"check{size}-{key}"].Median <= (size <= 10 ? 150 : 400))}**")) + ".");
    }

    report.Line($"- docker CLI / floor = {stats["docker-cli"].Median / floor:0.00}×; attach costs {stats["floor-attach"].Median - floor:+0;-0} ms, the orphan check's list {stats["floor-list"].Median - floor:+0;-0} ms, AutoRemove instead of an explicit remove {stats["floor-autoremove"].Median - floor:+0;-0} ms (medians; differences under ~10 ms are within noise here).");
}

static string Met(bool met) => met ? "met" : "not met";

// 2. Where the time goes: the same engine sequence as DockerLauncher.RunAsync, phase by phase, in fresh processes.
static async Task PhaseBreakdown(Config config, Sandbox sandbox, Report report)
{
    var self = Environment.ProcessPath!;
    var runs = new List<Dictionary<string, double>>();
    for (var i = 0; i < config.PhaseRuns; i++)
    {
        var output = await Proc.Capture(self, sandbox.Env, "phases", sandbox.DataRoot, sandbox.Home);
        runs.Add(JsonSerializer.Deserialize<Dictionary<string, double>>(output)!);
    }

    report.Heading("2. Where the time goes (phase breakdown)");
    report.Line($"A fresh harness process ({config.PhaseRuns} runs) replays what `agentspec run` does, with a Stopwatch around each phase: " +
                "the first pass is cold (JIT, first connection) like an agentspec process, the second is warm in the same process. " +
                "The harness is a JIT build, like the default agentspec build output; the product's own marks in the measured binaries follow.");
    report.Line();
    report.Line("| phase | cold median ms | cold min–max | warm median ms | warm min–max |");
    report.Line("|---|---:|---:|---:|---:|");
    foreach (var phase in Phases.Names)
    {
        var cold = Stats.Of(runs.Select(r => r.GetValueOrDefault("cold." + phase, double.NaN)).Where(v => !double.IsNaN(v)));
        var warm = Stats.Of(runs.Select(r => r.GetValueOrDefault("warm." + phase, double.NaN)).Where(v => !double.IsNaN(v)));
        report.Line($"| {phase} | {Fmt(cold.Median)} | {Fmt(cold.Min)}–{Fmt(cold.Max)} | {(warm.N == 0 ? "–" : Fmt(warm.Median))} | {(warm.N == 0 ? "–" : $"{Fmt(warm.Min)}–{Fmt(warm.Max)}")} |");
    }

    report.Line();

    // The product's own marks (AGENTSPEC_TIMINGS=1), in the binaries measured above: where a real run spends its time.
    foreach (var (key, bin) in config.Binaries)
    {
        var marks = new List<(string Phase, List<double> Ms)>();
        for (var i = 0; i < config.PhaseRuns; i++)
        {
            var env = new Dictionary<string, string>(sandbox.Env) { ["AGENTSPEC_TIMINGS"] = "1" };
            var stderr = await Proc.CaptureError(bin, env, "run", "research", "--data-dir", sandbox.DataRoot, "--", "true");
            foreach (var line in stderr.Split('\n').Where(l => l.StartsWith("agentspec-timing: ", StringComparison.Ordinal)))
            {
                // "agentspec-timing: PHASE +DELTA ms (at T ms)"
                var rest = line["agentspec-timing: ".Length..];
                var plus = rest.LastIndexOf(" +", StringComparison.Ordinal);
                var phase = rest[..plus];
                var ms = double.Parse(rest[(plus + 2)..].Split(' ')[0], CultureInfo.InvariantCulture);
                var entry = marks.FirstOrDefault(m => m.Phase == phase);
                if (entry.Ms is null)
                {
                    entry = (phase, new List<double>());
                    marks.Add(entry);
                }

                entry.Ms.Add(ms);
            }
        }

        report.Line($"`AGENTSPEC_TIMINGS=1 agentspec run research -- true` ({key}), {config.PhaseRuns} runs: each step's time since the previous mark (the first: since the process started).");
        report.Line();
        report.Line("| step (mark) | median ms | min–max |");
        report.Line("|---|---:|---:|");
        foreach (var (phase, ms) in marks)
        {
            var st = Stats.Of(ms);
            report.Line($"| {phase} | {Fmt(st.Median)} | {Fmt(st.Min)}–{Fmt(st.Max)} |");
        }

        report.Line();
    }

    string Fmt(double v) => v.ToString(v < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
}

// 3. Ten groups at once (GroupLauncher.RunManyAsync, in-process) against ten sequential `docker run --rm`.
// The docker CLI's form of one mount: -v for a bind, --mount for the host-managed tmpfs.
static string[] DockerCliMount(ResolvedBind b) => b.Kind == MountKind.Tmpfs
    ? ["--mount", $"type=tmpfs,destination={b.ContainerPath},tmpfs-size={ContainerLayout.TmpfsSizeBytes}{(b.ReadOnly ? ",readonly" : string.Empty)}"]
    : ["-v", $"{b.HostPath}:{b.ContainerPath}:{(b.ReadOnly ? "ro" : "rw")}"];

// A group's launch spec after init and the host check, its session lock released at once (the measured runs take it).
static LaunchSpec PreparedLaunch(GroupPlan plan, GroupRunOptions options)
{
    using var prepared = GroupLauncher.Prepare(plan, options);
    return prepared.Launch;
}

static async Task Many(Config config, Sandbox sandbox, Report report)
{
    var plans = Enumerable.Range(1, config.ManyGroups)
        .Select(i => GroupPlan.Create($"bench-{i:00}", $"Bench {i}", $"bench-{i:00}", false, "agentspec/agent:latest", null, [],
            [new Mount("papers", "~/papers", HostManagedMounts.OperatorMountRoot + "/papers", true, MountOrigin.Operator)]))
        .ToList();
    var options = sandbox.RunOptions(["true"]);
    var cliCalls = plans.Select(p =>
    {
        var launch = PreparedLaunch(p, options);
        var a = new List<string> { "run", "--rm", "--network", "none", "-w", ContainerLayout.WorkingDirectory };
        foreach (var b in launch.Binds)
        {
            a.AddRange(DockerCliMount(b));
        }

        foreach (var e in launch.Environment)
        {
            a.AddRange(["-e", $"{e.Name}={e.Value}"]);
        }

        a.AddRange([p.Image, "true"]);
        return a.ToArray();
    }).ToList();

    // The engine's own concurrency ceiling: the same containers straight through the Engine API (no init/check),
    // all at once or with a bounded number in flight, and the CLI calls in parallel.
    var launches = plans.Select(p => PreparedLaunch(p, options)).ToList();
    var floorLauncher = new DockerLauncher(InstallId.For(sandbox.DataRoot));
    using var client = Engine.Client();
    await client.System.PingAsync();
    var round = 0;
    async Task RawConcurrent(int maxInFlight)
    {
        var r = Interlocked.Increment(ref round);
        using var gate = new SemaphoreSlim(maxInFlight);
        await Task.WhenAll(launches.Select(async (l, i) =>
        {
            await gate.WaitAsync();
            try
            {
                await Engine.CreateStartWaitRemove(client, floorLauncher.BuildCreateParameters(l with { RunId = $"many-{Environment.ProcessId}-{r}-{i}" }), attach: true, autoRemove: false);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    var cases = new List<(string Key, Func<Task> Body)>
    {
        ("raw-all", () => RawConcurrent(plans.Count)),
        ("raw-2", () => RawConcurrent(2)),
        ("raw-4", () => RawConcurrent(4)),
        ("cli-parallel", () => Task.WhenAll(cliCalls.Select(call => Proc.Run("docker", null, call)))),
        ("many-agentspec", async () =>
        {
            // A new launcher (and engine client) per round, as a fresh `agentspec up` would make one.
            using var docker = DockerLauncher.ForDataRoot(sandbox.DataRoot);
            var results = await new GroupLauncher(docker).RunManyAsync(plans, options, _ => new GroupOutput(TextWriter.Null, TextWriter.Null));
            if (results.Any(r => r.ExitCode != 0))
            {
                throw new InvalidOperationException("a container of RunManyAsync failed");
            }
        }),
        ("many-cli", async () =>
        {
            foreach (var call in cliCalls)
            {
                await Proc.Run("docker", null, call);
            }
        }),
    };
    var stats = await Bench.RoundRobin(cases, config.Warmup, config.ManyIterations);
    report.Heading($"3. {config.ManyGroups} groups at once against {config.ManyGroups} sequential `docker run --rm`");
    report.Line($"{config.ManyGroups} plans made with `GroupPlan.Create` (ids/folders bench-01…, non-main, one read-only operator mount ~/papers, so 9 binds each), " +
                "launched by `GroupLauncher.RunManyAsync` in the harness process (init + host check of all, then all containers concurrently — what `agentspec up` calls) " +
                $"versus {config.ManyGroups} sequential `docker run --rm` CLI calls with the same -v binds and env (how NanoClaw spawns today).");
    report.Line();
    report.Table(
        [($"`GroupLauncher.RunManyAsync`, {config.ManyGroups} groups (in-process; new engine client each round)", stats["many-agentspec"]),
         ($"{config.ManyGroups} × `docker run --rm`, sequential", stats["many-cli"]),
         ($"engine ceiling: {config.ManyGroups} × raw Engine API create/attach/start/wait/remove, all at once (warm client)", stats["raw-all"]),
         ($"engine ceiling: the same, at most 4 in flight", stats["raw-4"]),
         ($"engine ceiling: the same, at most 2 in flight", stats["raw-2"]),
         ($"{config.ManyGroups} × `docker run --rm` CLI, all in parallel", stats["cli-parallel"])],
        stats["many-cli"]);
    var speedup = stats["many-cli"].Median / stats["many-agentspec"].Median;
    report.Line($"- speed-up over the sequential CLI = {speedup:0.00}×. An `agentspec up` process adds its start-up once (see `--version` above), not once per group.");
    string BusyOf(string key) => Bench.Busy.TryGetValue(key, out var b) ? $"{Stats.Of(b.Where(v => !double.IsNaN(v))).Median * 100:0}%" : "?";
    report.Line($"- whole-machine CPU busy (median over rounds, both cores, from /proc/stat): RunManyAsync {BusyOf("many-agentspec")}, raw all-at-once {BusyOf("raw-all")}, at most 2 in flight {BusyOf("raw-2")}, CLI in parallel {BusyOf("cli-parallel")}, sequential CLI {BusyOf("many-cli")}.");
    var best = new[] { "raw-all", "raw-4", "raw-2", "cli-parallel" }.Min(k => stats[k].Median);
    var ofCeiling = best / stats["many-agentspec"].Median;
    report.Line($"- the fastest any client gets these {config.ManyGroups} containers through this engine here (best engine-ceiling row) is {best:0} ms = {stats["many-cli"].Median / best:0.00}× faster than the sequential CLI; RunManyAsync reaches **{ofCeiling:0.00}×** of that ceiling's speed (target ≥ 0.95×): **{Met(ofCeiling >= 0.95)}**.");
}

// 4. group-init of many groups: into an empty data root, then again over it (the no-op case).
static void Init(Config config, Sandbox sandbox, Report report)
{
    var plans = Enumerable.Range(1, config.InitGroups)
        .Select(i => GroupPlan.Create($"g{i:0000}", $"G{i}", $"g{i:0000}", false, "agentspec/agent:latest", ["web-search"], [], []))
        .ToList();
    var empty = new List<double>();
    var again = new List<double>();
    GroupInit.InitMany(plans.Take(5), sandbox.NewDir("init-warmup")); // JIT out of the way
    for (var i = 0; i < config.InitIterations; i++)
    {
        var root = sandbox.NewDir("init");
        var sw = Stopwatch.StartNew();
        var created = GroupInit.InitMany(plans, root);
        empty.Add(sw.Elapsed.TotalMilliseconds);
        if (created.Count(r => r.CreatedAnything) != plans.Count)
        {
            throw new InvalidOperationException("group-init into an empty root did not create every group");
        }

        sw.Restart();
        var second = GroupInit.InitMany(plans, root);
        again.Add(sw.Elapsed.TotalMilliseconds);
        if (second.Any(r => r.CreatedAnything))
        {
            throw new InvalidOperationException("group-init over an initialised root created something");
        }

        Directory.Delete(root, recursive: true);
    }

    var e = Stats.Of(empty);
    var a = Stats.Of(again);
    report.Heading($"4. group-init of {config.InitGroups:N0} groups (`GroupInit.InitMany`)");
    report.Line("Each round uses a new empty data root on the same file system as the rest (the sandbox under /tmp); the second call runs over the just-initialised root and must create nothing.");
    report.Line();
    report.Line("| case | median ms | min ms | max ms | n | per group (median) |");
    report.Line("|---|---:|---:|---:|---:|---:|");
    report.Line($"| into an empty data root | {e.Median:0.0} | {e.Min:0.0} | {e.Max:0.0} | {e.N} | {e.Median * 1000 / config.InitGroups:0} µs |");
    report.Line($"| again over the initialised root (no-op) | {a.Median:0.0} | {a.Min:0.0} | {a.Max:0.0} | {a.N} | {a.Median * 1000 / config.InitGroups:0} µs |");
    report.Line();
}

namespace AgentSpec.LaunchBenchmarks
{
    internal sealed record Config(bool Smoke, int Iterations, int Warmup, int PhaseRuns, int ManyGroups, int ManyIterations, int InitGroups, int InitIterations, List<(string Key, string Path)> Binaries, string? Out)
    {
        /// <summary>The group counts of the `check` files.</summary>
        public int[] CheckSizes { get; init; } = [10, 1000];

        /// <summary>Separate runs per process case under GNU time for its peak RSS.</summary>
        public int MemoryRuns { get; init; } = 3;

        /// <summary>--only single,phases,many,init picks sections (default: all).</summary>
        public string[]? Only { get; init; }

        public bool Runs(string section) => Only is null || Only.Contains(section);

        public static Config Parse(string[] args)
        {
            var smoke = args.Contains("--smoke");
            string? Value(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            var binaries = new List<(string, string)>();
            if (Value("--agentspec") is { } jit)
            {
                binaries.Add(("build output", Path.GetFullPath(jit)));
            }

            if (Value("--agentspec-aot") is { } aot)
            {
                binaries.Add(("NativeAOT", Path.GetFullPath(aot)));
            }

            for (var i = 0; i < args.Length - 1; i++)
            {
                if (args[i] == "--binary" && args[i + 1].Split('=', 2) is [var key, var path])
                {
                    binaries.Add((key, Path.GetFullPath(path))); // e.g. --binary before=/tmp/old/agentspec for a before/after run
                }
            }

            if (binaries.Count == 0)
            {
                throw new ArgumentException("pass --agentspec PATH (and optionally --agentspec-aot PATH)");
            }

            var iterations = Value("--iterations") is { } it ? int.Parse(it, CultureInfo.InvariantCulture) : 15;
            var config = smoke
                ? new Config(true, 1, 0, 1, 2, 1, 50, 1, binaries, Value("--out"))
                : new Config(false, iterations, 1, 7, 10, Math.Max(3, iterations / 2), 1000, 5, binaries, Value("--out"));
            return config with { Only = Value("--only")?.Split(','), CheckSizes = smoke ? [10] : [10, 1000], MemoryRuns = smoke ? 1 : 3 };
        }
    }

    /// <summary>median, min, max, n.</summary>
    internal sealed record Stats(double Median, double Min, double Max, int N)
    {
        public static Stats Of(IEnumerable<double> values)
        {
            var v = values.OrderBy(x => x).ToArray();
            if (v.Length == 0)
            {
                return new Stats(double.NaN, double.NaN, double.NaN, 0);
            }

            var median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
            return new Stats(median, v[0], v[^1], v.Length);
        }
    }

    /// <summary>Whole-machine CPU time from /proc/stat (all cores; other tenants of the box included).</summary>
    internal readonly record struct CpuTimes(long Busy, long Total)
    {
        public static CpuTimes Read()
        {
            try
            {
                var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
                var idle = f[3] + f[4];
                return new CpuTimes(f.Sum() - idle, f.Sum());
            }
            catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException)
            {
                return new CpuTimes(0, 0);
            }
        }

        public double BusyFractionSince(CpuTimes before) =>
            Total - before.Total <= 0 ? double.NaN : (double)(Busy - before.Busy) / (Total - before.Total);
    }

    internal static class Bench
    {
        /// <summary>Per case: the fraction of all cores' time the machine was busy while it ran.</summary>
        public static Dictionary<string, List<double>> Busy { get; } = new();

        /// <summary>One of each case per round, in a rotating order, after warm-up rounds that are not counted.</summary>
        public static async Task<Dictionary<string, Stats>> RoundRobin(List<(string Key, Func<Task> Body)> cases, int warmup, int iterations)
        {
            var samples = cases.ToDictionary(c => c.Key, _ => new List<double>());
            for (var round = 0; round < warmup + iterations; round++)
            {
                for (var j = 0; j < cases.Count; j++)
                {
                    var (key, body) = cases[(j + round) % cases.Count];
                    var cpu = CpuTimes.Read();
                    var sw = Stopwatch.StartNew();
                    await body();
                    if (round >= warmup)
                    {
                        samples[key].Add(sw.Elapsed.TotalMilliseconds);
                        Busy.TryAdd(key, new List<double>());
                        Busy[key].Add(CpuTimes.Read().BusyFractionSince(cpu));
                    }
                }
            }

            return samples.ToDictionary(kv => kv.Key, kv => Stats.Of(kv.Value));
        }
    }

    internal static class Engine
    {
        public static DockerClient Client()
        {
            var endpoint = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } h ? h : DockerLauncher.DefaultEndpoint;
            return new DockerClientBuilder().WithEndpoint(new Uri(endpoint)).Build();
        }

        /// <summary>The create request's JSON body, as the engine receives it (nulls left out).</summary>
        public static string CreateBody(CreateContainerParameters parameters) =>
            JsonSerializer.Serialize(parameters, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

        public static async Task CreateStartWaitRemove(DockerClient client, CreateContainerParameters parameters, bool attach, bool autoRemove)
        {
            parameters.HostConfig!.AutoRemove = autoRemove;
            var created = await client.Containers.CreateContainerAsync(parameters);
            MultiplexedStream? stream = null;
            if (attach)
            {
                stream = await client.Containers.AttachContainerAsync(created.ID, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true });
            }

            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            var wait = await client.Containers.WaitContainerAsync(created.ID);
            if (stream is not null)
            {
                var buffer = new byte[4096];
                while (!(await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None)).EOF)
                {
                }

                stream.Dispose();
            }

            if (!autoRemove)
            {
                await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
            }

            if (wait.StatusCode != 0)
            {
                throw new InvalidOperationException($"floor container exited with {wait.StatusCode}");
            }
        }
    }

    /// <summary>The phases of `agentspec run`, replayed with raw calls and a Stopwatch around each.</summary>
    internal static class Phases
    {
        public static readonly string[] Names =
        [
            "process start → Main", "group-init", "host check", "client creation", "session list (orphan check)",
            "create", "attach", "start", "wait", "remove", "total (engine part)",
        ];

        public static async Task<Dictionary<string, double>> RunAsync(string dataRoot, string home, double sinceStart)
        {
            var result = new Dictionary<string, double> { ["cold.process start → Main"] = sinceStart };
            var plan = CompiledGroups.Find("research")!;
            await Pass("cold", plan, dataRoot, home, result);
            await Pass("warm", plan, dataRoot, home, result);
            return result;
        }

        private static async Task Pass(string pass, GroupPlan plan, string dataRoot, string home, Dictionary<string, double> result)
        {
            var sw = Stopwatch.StartNew();
            double Lap()
            {
                var t = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                return t;
            }

            var options = new GroupRunOptions(new HostCheckOptions(dataRoot) { Home = home }) { Command = ["true"] };
            GroupInit.Init(plan, dataRoot);
            result[pass + ".group-init"] = Lap();
            var binds = HostCheck.Check(plan, options.Check).EnsureSucceeded();
            result[pass + ".host check"] = Lap();
            var launcher = new DockerLauncher(InstallId.For(dataRoot));
            var spec = new LaunchSpec(plan.Id, "phases-" + pass + "-" + Environment.ProcessId, plan.Image, binds, plan.Environment) { Command = options.Command };
            var parameters = launcher.BuildCreateParameters(spec);
            using var client = Engine.Client();
            result[pass + ".client creation"] = Lap();
            var engine = Stopwatch.StartNew();
            await launcher.RunningSessionContainerAsync(plan.Id, spec.Session);
            result[pass + ".session list (orphan check)"] = Lap();
            var created = await client.Containers.CreateContainerAsync(parameters);
            result[pass + ".create"] = Lap();
            using var stream = await client.Containers.AttachContainerAsync(created.ID, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true });
            result[pass + ".attach"] = Lap();
            await client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            result[pass + ".start"] = Lap();
            await client.Containers.WaitContainerAsync(created.ID);
            var buffer = new byte[4096];
            while (!(await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None)).EOF)
            {
            }

            result[pass + ".wait"] = Lap();
            await client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
            result[pass + ".remove"] = Lap();
            result[pass + ".total (engine part)"] = engine.Elapsed.TotalMilliseconds;
        }
    }

    internal static class Proc
    {
        public static async Task Run(string file, IReadOnlyDictionary<string, string>? env, params string[] args) => await Capture(file, env, args);

        /// <summary>A whole-process case: timed as a body, and its argv kept for the peak-memory runs.</summary>
        public static (string Key, string Label, Func<Task> Body, Func<string[]>? Process) Case(string key, string label, IReadOnlyDictionary<string, string>? env, Func<string[]> argv) =>
            (key, label, () => { var a = argv(); return Run(a[0], env, a[1..]); }, argv);

        /// <summary>The median peak RSS (MB) of <paramref name="runs"/> runs under GNU time (wait4's ru_maxrss of the whole process).</summary>
        public static async Task<double> PeakRssMegabytes(Func<string[]> argv, IReadOnlyDictionary<string, string>? env, int runs)
        {
            var samples = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var output = Path.GetTempFileName();
                try
                {
                    await Run("/usr/bin/time", env, ["-f", "%M", "-o", output, .. argv()]);
                    samples.Add(double.Parse(File.ReadAllText(output).Trim().Split('\n')[^1], CultureInfo.InvariantCulture) / 1024);
                }
                finally
                {
                    File.Delete(output);
                }
            }

            return Stats.Of(samples).Median;
        }

        public static async Task<string> Capture(string file, IReadOnlyDictionary<string, string>? env, params string[] args) => (await CaptureBoth(file, env, args)).Stdout;

        public static async Task<string> CaptureError(string file, IReadOnlyDictionary<string, string>? env, params string[] args) => (await CaptureBoth(file, env, args)).Stderr;

        private static async Task<(string Stdout, string Stderr)> CaptureBoth(string file, IReadOnlyDictionary<string, string>? env, string[] args)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            foreach (var (k, v) in env ?? new Dictionary<string, string>())
            {
                info.Environment[k] = v;
            }

            using var p = Process.Start(info)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}: {await stderr}");
            }

            return (await stdout, await stderr);
        }
    }

    /// <summary>A throw-away HOME (with ~/papers and an operator allowlist for it) and data root.</summary>
    internal sealed class Sandbox : IDisposable
    {
        private int _dirs;

        public Sandbox()
        {
            Root = Directory.CreateTempSubdirectory("agentspec-launchbench-").FullName;
            Home = Path.Join(Root, "home");
            DataRoot = Path.Join(Root, "data");
            Directory.CreateDirectory(Path.Join(Home, "papers"));
            Directory.CreateDirectory(Path.Join(Home, ".config/agentspec"));
            File.WriteAllText(Path.Join(Home, "papers/README"), "papers\n");
            File.WriteAllText(Path.Join(Home, ".config/agentspec/mount-allowlist.json"), """
                {
                  "allowedRoots": [ { "path": "~/papers", "allowReadWrite": false, "description": "research papers" } ],
                  "blockedPatterns": [],
                  "nonMainReadOnly": true
                }
                """);
            Env = new Dictionary<string, string> { ["HOME"] = Home };
            InstallDeclaredSkills();
        }

        /// <summary>A group runs only with the skills it declares installed (container/skills/NAME), as the operator installs them.</summary>
        private void InstallDeclaredSkills()
        {
            var shared = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
            foreach (var skill in CompiledGroups.All.SelectMany(p => p.Skills ?? default(EquatableArray<string>)).Distinct())
            {
                var folder = Directory.CreateDirectory(Path.Join(DataRoot, "container", "skills", skill)).FullName;
                File.WriteAllText(Path.Join(folder, "SKILL.md"), $"# {skill}\n");
            }

            foreach (var dir in new[] { DataRoot, Path.Join(DataRoot, "container"), Path.Join(DataRoot, "container", "skills") })
            {
                if (OperatingSystem.IsLinux() && Directory.Exists(dir))
                {
                    File.SetUnixFileMode(dir, shared);
                }
            }
        }

        public string Root { get; }

        public string Home { get; }

        public string DataRoot { get; }

        public IReadOnlyDictionary<string, string> Env { get; }

        public GroupRunOptions RunOptions(IReadOnlyList<string> command) =>
            new(new HostCheckOptions(DataRoot) { Home = Home }) { Command = command };

        public string NewDir(string prefix) => Path.Join(Root, $"{prefix}-{_dirs++}");

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    internal sealed class Report
    {
        private readonly StringBuilder _text = new();

        public void Heading(string text) => _text.Append("\n### ").Append(text).Append("\n\n");

        public void Line(string text = "") => _text.Append(text).Append('\n');

        public void Table(IReadOnlyList<(string Label, Stats Stats)> rows, Stats baseline) =>
            Table(rows.Select(r => (r.Label, r.Stats, double.NaN)).ToList(), baseline);

        /// <summary>Rows with a peak-RSS column (NaN: not a process of its own).</summary>
        public void Table(IReadOnlyList<(string Label, Stats Stats, double PeakMb)> rows, Stats baseline)
        {
            var memory = rows.Any(r => !double.IsNaN(r.PeakMb));
            Line(memory ? "| case | median ms | min ms | max ms | n | × baseline | peak RSS MB |" : "| case | median ms | min ms | max ms | n | × baseline |");
            Line(memory ? "|---|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|");
            foreach (var (label, s, mb) in rows)
            {
                var time = s.Median < 100 ? $"{s.Median:0.0} | {s.Min:0.0} | {s.Max:0.0}" : $"{s.Median:0} | {s.Min:0} | {s.Max:0}";
                Line($"| {label} | {time} | {s.N} | {s.Median / baseline.Median:0.00}{(memory ? $" | {(double.IsNaN(mb) ? "–" : mb.ToString("0.0", CultureInfo.InvariantCulture))}" : string.Empty)} |");
            }

            Line();
        }

        public override string ToString() => _text.ToString();
    }
}
