using System.Collections.Generic;
using CsCheck;

namespace AgentSpec.Core.Tests
{
    /// <summary>The fuzz driver itself: the same seed gives the same cases, a failure names its seed and case.</summary>
    public class FuzzSeedTests
    {
        [Fact]
        public void The_same_seed_draws_the_same_cases()
        {
            var first = new List<int>();
            var second = new List<int>();
            FuzzSeed.Run("a", Gen.Int, 50, first.Add, i => i.ToString());
            FuzzSeed.Run("b", Gen.Int, 50, second.Add, i => i.ToString());
            Assert.Equal(first, second);
            Assert.True(new HashSet<int>(first).Count > 40, "the cases should differ from each other");
        }

        [Fact]
        public void A_failure_names_the_seed_the_case_and_the_input()
        {
            var n = 0;
            var e = Assert.Throws<FuzzFailure>(() => FuzzSeed.Run("demo", Gen.Const(7), 10, _ => Assert.True(++n < 4, "boom"), i => "<" + i + ">"));
            Assert.StartsWith($"demo: case 3 of seed {FuzzSeed.Value} failed (replay with AGENTSPEC_FUZZ_SEED={FuzzSeed.Value}): ", e.Message);
            Assert.EndsWith("input:<7>", e.Message);
        }

        [Theory]
        [InlineData(null, FuzzSeed.Fixed)]
        [InlineData("", FuzzSeed.Fixed)]
        [InlineData(" 42 ", 42UL)]
        public void The_seed_is_fixed_unless_one_is_given(string? text, ulong seed) => Assert.Equal(seed, FuzzSeed.Read(text));

        [Fact]
        public void Random_gives_a_new_seed_and_nonsense_is_refused()
        {
            Assert.NotEqual(FuzzSeed.Read("random"), FuzzSeed.Read("RANDOM"));
            Assert.Contains("neither a number nor 'random'", Assert.Throws<System.InvalidOperationException>(() => FuzzSeed.Read("-1")).Message);
        }
    }
}
