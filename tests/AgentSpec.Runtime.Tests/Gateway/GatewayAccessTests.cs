using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// The gateway lets a connection through only to a declared destination (name, port, SNI, public address), on
    /// loopback with the test's own resolver and upstream servers. Each refusal is an attack that must fail.
    /// </summary>
    public sealed class GatewayAccessTests : IAsyncDisposable
    {
        private const string Api = "api.example.test";
        private readonly TestCertificates _certificates = new();
        private readonly TestUpstream _tls;
        private readonly TestUpstream _plain;
        private readonly TestNetwork _network = new();
        private readonly GatewayHarness _gateway;

        public GatewayAccessTests()
        {
            _tls = new TestUpstream(Api, _certificates.Issue(Api));
            _plain = new TestUpstream(Api, null);
            _network.Map(Api, "203.0.113.5").Route("203.0.113.5", 443, _tls.Port).Route("203.0.113.5", 80, _plain.Port)
                .Map("loopback.example.test", "127.0.0.1").Map("private.example.test", "10.1.2.3").Map("metadata.example.test", "169.254.169.254")
                .Map("mixed.example.test", "203.0.113.5", "192.168.1.1").Map("self.example.test", "203.0.113.250").Map("v6.example.test", "::ffff:127.0.0.1")
                .Map("lan.example.test", "10.1.2.3").Route("10.1.2.3", 443, _tls.Port).Route("203.0.113.9", 443, _tls.Port);
            _gateway = GatewayHarness.Start(_network, new[]
            {
                new EgressRule(Api, 443, null), new EgressRule(Api, 80, null), new EgressRule("*.example.test", 443, null),
                new EgressRule("lan.example.test", 443, null) { AllowPrivate = true }, new EgressRule("203.0.113.9", 443, null),
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _gateway.DisposeAsync();
            await _tls.DisposeAsync();
            await _plain.DisposeAsync();
            _certificates.Dispose();
        }

        [Fact]
        public async Task A_declared_name_works_over_https_tunnelled_untouched()
        {
            using (var client = _gateway.Client(_certificates.Ca))
            {
                Assert.Equal($"hello from {Api} /v1/models", await client.GetStringAsync($"https://{Api}/v1/models"));
            }

            // A connection is logged when it ends, with its bytes.
            // The agent saw the upstream's own certificate (the test CA's): a tunnel, no interception.
            var line = await _gateway.LogLine($"allowed {Api}:443");
            Assert.Contains("mode=tunnel", line);
            Assert.Contains("group=main session=default", line);
            Assert.Contains("address=203.0.113.5", line);
            Assert.Matches(@"up=[1-9]\d* down=[1-9]\d*", line);
        }

        [Fact]
        public async Task A_declared_name_works_over_plain_http_by_its_host_header()
        {
            using (var client = _gateway.Client(null))
            {
                Assert.Equal($"hello from {Api} /x?y=1", await client.GetStringAsync($"http://{Api}/x?y=1"));
            }

            var request = Assert.Single(_plain.Requests);
            Assert.Equal("GET /x?y=1 HTTP/1.1", request.RequestLine);
            Assert.Equal(Api, request.Values("Host").Single());
            Assert.Contains("mode=http", await _gateway.LogLine($"allowed {Api}:80"));
        }

        [Theory]
        [InlineData("CONNECT evil.test:443", "evil.test is not a declared destination of group 'main'")]
        [InlineData("CONNECT 203.0.113.5:443", "203.0.113.5 is an IP address that group 'main' does not declare")]
        [InlineData("CONNECT 127.1:443", "127.1 is an IP address that group 'main' does not declare")]
        [InlineData("CONNECT [::1]:443", "::1 is an IP address that group 'main' does not declare")]
        [InlineData("CONNECT api.example.test:8443", "port 8443 is not declared for api.example.test (declared: 443, 80)")]
        [InlineData("CONNECT example.test:443", "example.test is not a declared destination")]
        [InlineData("CONNECT loopback.example.test:443", "loopback.example.test resolves to 127.0.0.1, loopback")]
        [InlineData("CONNECT private.example.test:443", "private.example.test resolves to 10.1.2.3, private (RFC 1918)")]
        [InlineData("CONNECT metadata.example.test:443", "resolves to 169.254.169.254, link-local")]
        [InlineData("CONNECT mixed.example.test:443", "resolves to 192.168.1.1, private")]
        [InlineData("CONNECT self.example.test:443", "resolves to 203.0.113.250, one of the gateway's own addresses")]
        [InlineData("CONNECT v6.example.test:443", "resolves to 127.0.0.1, loopback")]
        [InlineData("GET http://evil.test/ HTTP/1.1\r\nHost: evil.test", "evil.test is not a declared destination")]
        [InlineData("GET http://api.example.test:8080/ HTTP/1.1\r\nHost: api.example.test:8080", "port 8080 is not declared")]
        [InlineData("GET http://203.0.113.5/ HTTP/1.1\r\nHost: 203.0.113.5", "is an IP address that group 'main' does not declare")]
        public async Task An_undeclared_or_unsafe_destination_is_refused_with_403_and_logged(string request, string reason)
        {
            var line = request.StartsWith("CONNECT", StringComparison.Ordinal) ? $"{request} HTTP/1.1\r\nHost: x\r\n\r\n" : request + "\r\n\r\n";
            var (_, stream, head) = await _gateway.RawAsync(line);
            stream.Dispose();
            Assert.StartsWith("HTTP/1.1 403", head);
            Assert.Contains(reason, await _gateway.LogLine(" refused "));
            Assert.Equal(0, _tls.Connections + _plain.Connections);
        }

        [Fact]
        public async Task Private_true_allows_a_private_address_and_a_declared_literal_is_reachable()
        {
            Assert.Null(await _gateway.TunnelAsync("lan.example.test:443", "lan.example.test"));
            Assert.Contains(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 443), _network.Connected);
            Assert.Null(await _gateway.TunnelAsync("203.0.113.9:443", null));
        }

        [Theory]
        [InlineData("evil.test")]
        [InlineData("other.example.test")]
        [InlineData(null)]
        public async Task A_tls_server_name_other_than_the_checked_name_is_refused(string? serverName)
        {
            Assert.NotNull(await _gateway.TunnelAsync($"{Api}:443", serverName));
            var line = await _gateway.LogLine(" refused ");
            Assert.Contains(serverName is null ? "names no server (SNI)" : $"names '{serverName}', not {Api}", line);
            Assert.Equal(0, _tls.Handshakes);
        }

        [Fact]
        public async Task A_tunnel_that_does_not_start_with_tls_is_refused()
        {
            var (_, stream, head) = await _gateway.RawAsync($"CONNECT {Api}:443 HTTP/1.1\r\nHost: {Api}\r\n\r\nGET / HTTP/1.1\r\nHost: {Api}\r\n\r\n");
            stream.Dispose();
            Assert.StartsWith("HTTP/1.1 200", head);
            Assert.Contains("not TLS", await _gateway.LogLine(" refused "));
            Assert.Empty(_tls.Requests);
        }

        [Fact]
        public async Task A_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to()
        {
            // A rebinding resolver: the first answer is public, every later one loopback.
            _network.Answers("rebind.example.test", new[] { IPAddress.Parse("203.0.113.5") }, new[] { IPAddress.Loopback });
            Assert.Null(await _gateway.TunnelAsync("rebind.example.test:443", "rebind.example.test"));
            Assert.Equal(1, _network.Lookups.Count(l => l == "rebind.example.test"));
            Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.5"), 443), Assert.Single(_network.Connected));
            var (_, stream, head) = await _gateway.RawAsync("CONNECT rebind.example.test:443 HTTP/1.1\r\nHost: x\r\n\r\n");
            stream.Dispose();
            Assert.StartsWith("HTTP/1.1 403", head);
        }

        [Theory]
        [InlineData("GARBAGE\r\n\r\n")]
        [InlineData("GET / HTTP/1.1\r\nHost: api.example.test\r\n\r\n")]
        [InlineData("CONNECT api.example.test HTTP/1.1\r\n\r\n")]
        [InlineData("GET http://api.example.test/ HTTP/1.1\r\nHost: evil.test\r\n\r\n")]
        [InlineData("GET http://api.example.test/ HTTP/1.1\r\n folded: x\r\n\r\n")]
        [InlineData("GET http://user@api.example.test/ HTTP/1.1\r\nHost: api.example.test\r\n\r\n")]
        public async Task A_malformed_request_gets_400_is_logged_and_the_gateway_keeps_serving(string request)
        {
            var (_, stream, head) = await _gateway.RawAsync(request);
            stream.Dispose();
            Assert.StartsWith("HTTP/1.1 400", head);
            await _gateway.LogLine(" refused ");
            using var client = _gateway.Client(_certificates.Ca);
            Assert.StartsWith("hello", await client.GetStringAsync($"https://{Api}/"));
        }

        [Fact]
        public async Task Json_lines_carry_group_session_destination_decision_reason_and_bytes()
        {
            await using var json = GatewayHarness.Start(_network, new[] { new EgressRule(Api, 443, null) }, json: true);
            var (_, stream, _) = await json.RawAsync("CONNECT evil.test:443 HTTP/1.1\r\nHost: x\r\n\r\n");
            stream.Dispose();
            var line = await json.LogLine("\"decision\":\"refused\"");
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            var root = doc.RootElement;
            Assert.Equal("main", root.GetProperty("group").GetString());
            Assert.Equal("default", root.GetProperty("session").GetString());
            Assert.Equal("evil.test:443", root.GetProperty("destination").GetString());
            Assert.Contains("not a declared destination", root.GetProperty("reason").GetString());
            Assert.Equal(0, root.GetProperty("bytesUp").GetInt64());
            Assert.True(root.TryGetProperty("durationMs", out _));
        }
    }
}
