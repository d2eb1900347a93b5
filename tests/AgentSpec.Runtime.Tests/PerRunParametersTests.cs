using System;
using System.IO;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>The per-run options in the engine's create parameters (no engine): entrypoint, stdin, per-run variables after the plan's.</summary>
    public sealed class PerRunParametersTests
    {
        private static readonly LaunchSpec Spec = new("main", "r1", TestHost.Image, Array.Empty<ResolvedBind>(), new[] { new EnvVar("LOG_LEVEL", "debug") });

        [Fact]
        public void Without_per_run_options_the_images_entrypoint_stays_and_stdin_is_closed()
        {
            var parameters = CreateParametersMapper.Map("install", Spec);
            Assert.Null(parameters.Entrypoint);
            Assert.False(parameters.OpenStdin);
            Assert.False(parameters.AttachStdin);
        }

        [Fact]
        public void An_entrypoint_and_stdin_reach_the_parameters()
        {
            using var input = new MemoryStream();
            var parameters = CreateParametersMapper.Map("install", Spec with { Entrypoint = new[] { "/bin/sh" }, Command = new[] { "-c", "true" }, Stdin = input });
            Assert.Equal(new[] { "/bin/sh" }, parameters.Entrypoint);
            Assert.Equal(new[] { "-c", "true" }, parameters.Cmd);
            Assert.True(parameters.OpenStdin);
            Assert.True(parameters.StdinOnce); // EOF from the host closes the container's stdin
            Assert.True(parameters.AttachStdin);
        }

        [Fact]
        public void Per_run_variables_come_after_the_plans_and_replace_one_of_the_same_name()
        {
            var planned = new[] { new EnvVar("SKILL_DATA_DIR", "/workspace/skill-data"), new EnvVar("LOG_LEVEL", "debug"), new EnvVar("TZ", "UTC") };
            var perRun = new[] { new EnvVar("TOKEN", "a"), new EnvVar("LOG_LEVEL", "trace"), new EnvVar("TOKEN", "b") };
            Assert.Equal(
                new[] { new EnvVar("SKILL_DATA_DIR", "/workspace/skill-data"), new EnvVar("TZ", "UTC"), new EnvVar("LOG_LEVEL", "trace"), new EnvVar("TOKEN", "b") },
                RunOptionChecks.Environment(planned, perRun));
            Assert.Same(planned, RunOptionChecks.Environment(planned, null));
        }

        [Theory]
        [InlineData("ok-1.2_3", true)]
        [InlineData("-starts-with-dash", false)]
        [InlineData("has space", false)]
        [InlineData("a/b", false)]
        [InlineData("", false)]
        public void Run_ids_follow_docker_container_name_grammar(string runId, bool valid)
        {
            Assert.Equal(valid, RunIds.Refusal(runId) is null);
        }

        [Fact]
        public void A_run_id_longer_than_64_is_refused()
        {
            Assert.Null(RunIds.Refusal(new string('a', 64)));
            Assert.NotNull(RunIds.Refusal(new string('a', 65)));
        }
    }
}
