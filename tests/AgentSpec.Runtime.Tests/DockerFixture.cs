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

    [CollectionDefinition(Name)]
    public sealed class DockerCollection : ICollectionFixture<DockerFixture>
    {
        public const string Name = "docker";
    }
}
