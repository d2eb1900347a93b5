using System;
using System.Globalization;
using CsCheck;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// The fuzz tests' seed: a fixed one in the suite, so every run (and every mutant of a mutation run) checks the same
    /// cases; AGENTSPEC_FUZZ_SEED=&lt;number&gt; replays a run, AGENTSPEC_FUZZ_SEED=random explores new cases. A failure
    /// names the seed and the case, so it can be replayed.
    /// </summary>
    internal static class FuzzSeed
    {
        public const string Variable = "AGENTSPEC_FUZZ_SEED";

        /// <summary>The seed of the suite's fixed runs (any constant does; it never changes between runs).</summary>
        public const ulong Fixed = 20_261_129;

        public static ulong Value { get; } = Read(Environment.GetEnvironmentVariable(Variable));

        public static ulong Read(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return Fixed;
            }

            if (string.Equals(text.Trim(), "random", StringComparison.OrdinalIgnoreCase))
            {
                return (ulong)Random.Shared.NextInt64(1, long.MaxValue);
            }

            return ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
                ? seed
                : throw new InvalidOperationException($"{Variable}='{text}' is neither a number nor 'random'; unset it for the fixed seed {Fixed}.");
        }

        /// <summary>
        /// Runs <paramref name="check"/> on <paramref name="cases"/> values of <paramref name="gen"/>, case i drawn from
        /// (seed, i) alone: the same seed gives the same cases in the same order on every machine.
        /// </summary>
        public static void Run<T>(string name, Gen<T> gen, int cases, Action<T> check, Func<T, string> print)
        {
            for (var i = 0; i < cases; i++)
            {
                var value = gen.Generate(new PCG((uint)i, Value), null, out _);
                try
                {
                    check(value);
                }
                catch (Exception e)
                {
                    throw new FuzzFailure(
                        $"{name}: case {i} of seed {Value} failed (replay with {Variable}={Value}): {e.Message}\ninput:{print(value)}", e);
                }
            }
        }
    }

    internal sealed class FuzzFailure : Exception
    {
        public FuzzFailure(string message, Exception inner)
            : base(message, inner)
        {
        }
    }
}
