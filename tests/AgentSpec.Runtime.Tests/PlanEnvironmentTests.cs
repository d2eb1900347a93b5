using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// A host program that builds or changes a plan itself (`plan with { Environment = ... }`) gets every reserved-name
    /// rule of the compiler from the runtime too, against the real engine: refused before init and before any container.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class PlanEnvironmentTests : EngineTest
    {
        public PlanEnvironmentTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        /// <summary>Every name the model reserves or refuses, read from the model itself (not a copied list).</summary>
        public static TheoryData<string> RefusedNames()
        {
            var data = new TheoryData<string>();
            foreach (var name in HostManagedMounts.ReservedEnvironment.Keys
                .Concat(new[] { "AGENTSPEC_ANYTHING", "AGENTSPEC_GROUP_ID" })
                .Concat(EnvironmentRules.RefusedNames)
                .Concat(EnvironmentRules.RefusedPrefixes.Select(p => p + "X"))
                .Concat(new[] { "PATH=/workspace/agent/bin:/bin", "LD_PRELOAD\0X", "MY VAR", "A\nB" })
                .Distinct(StringComparer.Ordinal))
            {
                data.Add(name);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(RefusedNames))]
        public async Task A_hand_built_plan_that_sets_a_reserved_or_loader_name_is_refused_before_any_container(string name)
        {
            var plan = TestHost.Plan("main");
            var changed = plan with { Environment = plan.Environment.Append(new EnvVar(name, "/workspace/skill-data/x")).ToEquatableArray() };

            var e = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(changed, Options(), new GroupOutput(TextWriter.Null, TextWriter.Null)));

            Assert.StartsWith("refusing to start group 'main': ", e.Message);
            Assert.Matches("AGS04(06|15|17)", e.Message);
            AssertNothingRan();
        }

        public static TheoryData<int, string> HostSetPositions() => new() { { 0, "SKILL_DATA_DIR" }, { 1, "HOME" }, { 2, "AGENTSPEC_GROUP_ID" }, { 3, "AGENTSPEC_GROUP_FOLDER" }, { 4, "AGENTSPEC_MAIN" } };

        [Theory]
        [MemberData(nameof(HostSetPositions))]
        public async Task A_host_set_variable_with_another_value_or_missing_is_refused(int index, string name)
        {
            var plan = TestHost.Plan("main");
            var replaced = plan.Environment.Select((e, i) => i == index ? e with { Value = "/workspace/agent" } : e).ToEquatableArray();
            var removed = plan.Environment.Where((_, i) => i != index).ToEquatableArray();
            foreach (var environment in new[] { replaced, removed })
            {
                var e = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(plan with { Environment = environment }, Options(), new GroupOutput(TextWriter.Null, TextWriter.Null)));
                Assert.Contains($"environment entry {index + 1} of its plan must be the host's {name}=", e.Message);
            }

            AssertNothingRan();
        }

        [Fact]
        public async Task A_variable_set_twice_is_refused()
        {
            var plan = TestHost.Plan("main");
            var twice = plan with { Environment = plan.Environment.Concat(new[] { new EnvVar("LOG_LEVEL", "info"), new EnvVar("LOG_LEVEL", "debug") }).ToEquatableArray() };
            var e = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(twice, Options(), new GroupOutput(TextWriter.Null, TextWriter.Null)));
            Assert.Contains("sets environment variable 'LOG_LEVEL' twice", e.Message);
            AssertNothingRan();
        }

        [Fact]
        public async Task A_plan_whose_skills_and_mounts_disagree_is_refused()
        {
            var all = TestHost.Plan("main");
            var e = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(all with { Skills = new[] { "web-search" }.ToEquatableArray() }, Options(), new GroupOutput(TextWriter.Null, TextWriter.Null)));
            Assert.Contains("declares skills: [web-search], but its mounts below /app/skills are not exactly those", e.Message);
            AssertNothingRan();
        }

        private GroupRunOptions Options() => new(Host.Options()) { Command = new[] { "true" } };

        private void AssertNothingRan()
        {
            Assert.False(Directory.Exists(Path.Join(Host.DataRoot, "data")), "nothing was initialised");
            Assert.Empty(Engine.ListAsync().GetAwaiter().GetResult());
        }
    }
}
