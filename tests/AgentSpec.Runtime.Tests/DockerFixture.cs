using System;
using System.IO;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Requires the real engine and the local test image. When either is missing every integration test FAILS
    /// (never skips) with a message that says how to provide them; CI runs .ci/docker-setup.sh first.
    /// </summary>
    public sealed class DockerFixture : IAsyncLifetime
    {
        public string? Problem { get; private set; }

        public async Task InitializeAsync()
        {
            using var host = new TestHost();
            using var probe = DockerLauncher.ForDataRoot(host.DataRoot);
            try
            {
                await probe.PingAsync();
                var result = await new GroupLauncher(probe).RunAsync(
                    TestHost.Plan("probe"),
                    new GroupRunOptions(host.Options()) { Command = new[] { "true" } },
                    new GroupOutput(TextWriter.Null, TextWriter.Null));
                if (result.ExitCode != 0)
                {
                    Problem = $"a probe container of {TestHost.Image} exited with {result.ExitCode}";
                }
            }
            catch (RuntimeError e)
            {
                Problem = e.Message;
            }
        }

        /// <summary>Fails the calling test when the engine or image is missing.</summary>
        public void Require()
        {
            if (Problem is not null)
            {
                Assert.Fail($"The Docker integration tests need a running engine and the image {TestHost.Image}; run `bash .ci/docker-setup.sh` first. Problem: {Problem}");
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    /// <summary>
    /// A test class against the real engine: a throw-away host layout, a launcher of its own install (data root),
    /// and on dispose every container that install left behind removed, then the files. Derived classes carry
    /// [Collection(DockerCollection.Name)] themselves, which gives them the fixture.
    /// </summary>
    public abstract class EngineTest : IDisposable
    {
        protected EngineTest(DockerFixture fixture)
        {
            fixture.Require();
            Engine = new DockerLauncher(InstallId.For(Host.DataRoot));
            Launcher = new GroupLauncher(Engine);
        }

        protected TestHost Host { get; } = new();

        protected DockerLauncher Engine { get; }

        protected GroupLauncher Launcher { get; }

        public void Dispose()
        {
            Engine.CleanupAsync().GetAwaiter().GetResult();
            Engine.CleanupNetworksAsync().GetAwaiter().GetResult();
            Engine.Dispose();
            Host.Dispose();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class DockerCollection : ICollectionFixture<DockerFixture>
    {
        public const string Name = "docker";
    }
}
