using System;
using System.IO;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The gateway image for the engine tests, made the product's way (<see cref="GatewayImage.ImportAsync"/>) from the
    /// NativeAOT agentspec: $AGENTSPEC_CLI_BINARY, else artifacts/agentspec/agentspec (./agentspec publishes it). Tagged by
    /// the binary's hash, so a rebuilt binary gets its own image. A missing binary FAILS the tests, saying what to run.
    /// </summary>
    public sealed class GatewayImageFixture : IAsyncLifetime
    {
        public string Tag { get; private set; } = string.Empty;

        public string? Problem { get; private set; }

        public static string? Binary()
        {
            if (Environment.GetEnvironmentVariable(GatewayImage.BinaryVariable) is { Length: > 0 } path)
            {
                return path;
            }

            for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Join(dir, "AgentSpec.sln")))
                {
                    var published = Path.Join(dir, "artifacts", "agentspec", "agentspec");
                    return File.Exists(published) ? published : null;
                }
            }

            return null;
        }

        public async Task InitializeAsync()
        {
            if (Binary() is not { } binary)
            {
                Problem = "the gateway engine tests run AgentSpec's gateway from the NativeAOT binary, and there is none: run ./agentspec --version " +
                    $"(it publishes artifacts/agentspec/agentspec), or set {GatewayImage.BinaryVariable} to the published binary";
                return;
            }

            Tag = "agentspec/gateway:test-" + GatewayImage.Sha256(binary).Substring(0, 12);
            using var docker = new DockerLauncher("gateway-image-fixture");
            try
            {
                if (await docker.GatewayImageBinaryAsync(Tag) is null)
                {
                    await docker.ImportGatewayImageAsync(binary, Tag);
                }
            }
            catch (RuntimeError e)
            {
                Problem = e.Message;
            }
        }

        public void Require()
        {
            if (Problem is not null)
            {
                Assert.Fail(Problem);
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
