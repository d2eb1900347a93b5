using System;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>The gateway is bounded: connections at once, the time a handshake may take, the size of a request head.</summary>
    public sealed class GatewayBoundsTests
    {
        private readonly TestNetwork _network = new TestNetwork().Map("api.example.test", "203.0.113.5");

        [Fact]
        public async Task One_connection_past_the_limit_gets_503_and_is_logged()
        {
            await using var gateway = GatewayHarness.Start(
                _network, new[] { new EgressRule("api.example.test", 443, null) }, tune: o => o with { MaxConnections = 1, HandshakeTimeout = TimeSpan.FromSeconds(20) });
            // The first connection holds the only slot: it sends half a request head and waits.
            var (_, holding, _) = await gateway.RawAsyncNoAnswer("CONNECT api.example.test:443 HTTP/1.1\r\n");
            using (holding)
            {
                await Task.Delay(200);
                var (_, stream, head) = await gateway.RawAsync("CONNECT api.example.test:443 HTTP/1.1\r\nHost: x\r\n\r\n");
                stream.Dispose();
                Assert.StartsWith("HTTP/1.1 503", head);
                Assert.Contains("more than 1 connections at once", await gateway.LogLine(" refused "));
            }
        }

        [Fact]
        public async Task A_client_that_never_finishes_its_request_head_is_cut_off_at_the_handshake_deadline()
        {
            await using var gateway = GatewayHarness.Start(
                _network, new[] { new EgressRule("api.example.test", 443, null) }, tune: o => o with { HandshakeTimeout = TimeSpan.FromMilliseconds(500) });
            var (_, stream, head) = await gateway.RawAsync("CONNECT api.example.test:443 HTTP/1.1\r\n");
            stream.Dispose();
            Assert.StartsWith("HTTP/1.1 408", head);
            Assert.Contains("the handshake took longer than", await gateway.LogLine(" refused "));
        }

        [Fact]
        public async Task A_request_head_past_the_size_limit_gets_431()
        {
            await using var gateway = GatewayHarness.Start(_network, new[] { new EgressRule("api.example.test", 443, null) });
            var (_, stream, head) = await gateway.RawAsync("CONNECT api.example.test:443 HTTP/1.1\r\nX-Fill: " + new string('a', 40 * 1024) + "\r\n\r\n");
            stream.Dispose();
            Assert.StartsWith("HTTP/1.1 431", head);
            Assert.Contains("longer than 32768 bytes", await gateway.LogLine(" refused "));
        }
    }
}
