using System.Diagnostics;

namespace AgentSpec.Benchmarks;

/// <summary>Wall-clock samples of one measurement: median, min, max, n, and the median bytes allocated per run.</summary>
public sealed record Stats(double[] Samples, double MedianAllocatedMb, double[] CpuSamples)
{
    public Stats(double[] samples, double medianAllocatedMb)
        : this(samples, medianAllocatedMb, Array.Empty<double>())
    {
    }

    /// <summary>Median process CPU time (all threads, GC included) per run: robust to other processes taking the cores.</summary>
    public double CpuMedian => MedianOf(CpuSamples);

    public int N => Samples.Length;

    public double Median => MedianOf(Samples);

    public double Min => Samples.Min();

    public double Max => Samples.Max();

    public static double MedianOf(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

public static class Measure
{
    /// <summary>Keeps results alive so the JIT cannot drop the work.</summary>
    public static object? Sink;

    public static Stats Run(int warmup, int iterations, Func<object?> body) => Run<object?>(warmup, iterations, () => null, _ => body());

    /// <summary><paramref name="setup"/> runs before each timed call and is not timed.</summary>
    public static Stats Run<TState>(int warmup, int iterations, Func<TState> setup, Func<TState, object?> body)
    {
        for (var i = 0; i < warmup; i++)
        {
            Sink = body(setup());
        }

        var samples = new double[iterations];
        var allocated = new double[iterations];
        var cpu = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var state = setup();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Environment.CpuUsage.TotalTime;
            var sw = Stopwatch.StartNew();
            Sink = body(state);
            sw.Stop();
            cpu[i] = (Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds;
            allocated[i] = (GC.GetTotalAllocatedBytes(precise: true) - before) / (1024.0 * 1024.0);
            samples[i] = sw.Elapsed.TotalMilliseconds;
        }

        Sink = null;
        return new Stats(samples, Stats.MedianOf(allocated), cpu);
    }
}
