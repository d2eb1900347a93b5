namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// The trait that marks the few slow tests (seconds each) and their fast variants. Every test runs in the suite;
    /// mutation runs (tests/mutation.sh, stryker-config.json) leave out Speed=Slow and keep the fast variant, which
    /// checks the same properties on fewer cases.
    /// </summary>
    internal static class Speed
    {
        public const string Trait = "Speed";
        public const string Slow = "Slow";
        public const string FastVariant = "FastVariant";
    }
}
