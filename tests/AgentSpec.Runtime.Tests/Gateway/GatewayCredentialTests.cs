using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// For a destination with a credential the gateway terminates the agent's TLS with its own CA, replaces any header
    /// of the credential's name the agent sent, adds the credential and forwards over validated TLS. The value is
    /// never in the log.
    /// </summary>
    public sealed class GatewayCredentialTests : IAsyncDisposable
    {
        private const string Api = "api.example.test";
        private const string Secret = "sk-ant-GATEWAYTESTSECRET-42";
        private readonly TestCertificates _certificates = new();
        private readonly TestUpstream _upstream;
        private readonly TestNetwork _network = new();
        private readonly TestHost _host = new();
        private readonly string _caDir;
        private readonly GatewayHarness _gateway;

        public GatewayCredentialTests()
        {
            _upstream = new TestUpstream(Api, _certificates.Issue(Api));
            _network.Map(Api, "203.0.113.5").Route("203.0.113.5", 443, _upstream.Port);
            _caDir = Path.Join(_host.Root, "gateway-ca");
            _gateway = GatewayHarness.Start(_network, new[] { new EgressRule(Api, 443, "anthropic") }, _certificates, Credentials(), _caDir);
        }

        public async ValueTask DisposeAsync()
        {
            await _gateway.DisposeAsync();
            await _upstream.DisposeAsync();
            _certificates.Dispose();
            _host.Dispose();
        }

        private static CredentialFile Credentials() => CredentialFile.Parse(
            Encoding.UTF8.GetBytes($$"""{ "credentials": { "anthropic": { "header": "x-api-key", "value": "{{Secret}}" } } }"""), "test", "/test/credentials.json");

        private X509Certificate2 GatewayCa() => X509CertificateLoader.LoadCertificateFromFile(Path.Join(_caDir, GatewayCertificateAuthority.CertificateFile));

        [Fact]
        public async Task The_credential_reaches_the_upstream_replacing_what_the_agent_sent_on_every_request()
        {
            using var client = _gateway.Client(GatewayCa());
            var first = new HttpRequestMessage(HttpMethod.Get, $"https://{Api}/v1/models");
            first.Headers.TryAddWithoutValidation("x-api-key", "placeholder-from-the-agent");
            first.Headers.TryAddWithoutValidation("X-API-KEY", "second-try");
            Assert.Equal($"hello from {Api} /v1/models", await (await client.SendAsync(first)).Content.ReadAsStringAsync());
            var post = new HttpRequestMessage(HttpMethod.Post, $"https://{Api}/v1/messages") { Content = new StringContent("{\"prompt\":\"hi\"}") };
            Assert.Equal($"hello from {Api} /v1/messages", await (await client.SendAsync(post)).Content.ReadAsStringAsync());
            var chunked = new HttpRequestMessage(HttpMethod.Post, $"https://{Api}/v1/stream") { Content = new StreamContent(new NonSeekable("chunked body")) };
            chunked.Headers.TransferEncodingChunked = true;
            Assert.Equal($"hello from {Api} /v1/stream", await (await client.SendAsync(chunked)).Content.ReadAsStringAsync());

            var requests = _upstream.Requests.ToArray();
            Assert.Equal(3, requests.Length);
            Assert.All(requests, r => Assert.Equal(new[] { Secret }, r.Values("x-api-key")));
            Assert.Equal("{\"prompt\":\"hi\"}", requests[1].Body);
            Assert.Equal("chunked body", requests[2].Body);
            // Three requests, one TLS connection each way: keep-alive works through the rewrite.
            Assert.Equal(1, _upstream.Handshakes);
        }

        [Fact]
        public async Task When_the_upstream_closes_first_the_bytes_sent_up_are_logged()
        {
            using (var client = _gateway.Client(GatewayCa()))
            {
                var post = new HttpRequestMessage(HttpMethod.Post, $"https://{Api}/close") { Content = new StringContent("twelve bytes") };
                Assert.Equal($"hello from {Api} /close", await (await client.SendAsync(post)).Content.ReadAsStringAsync());
            }

            var request = Assert.Single(_upstream.Requests);
            var head = request.RequestLine.Length + 2 + request.Fields.Sum(f => f.Key.Length + 2 + f.Value.Length + 2) + 2;
            var line = await _gateway.LogLine($"allowed {Api}:443");
            Assert.Contains("mode=intercept", line);
            Assert.Contains($" up={head + "twelve bytes".Length} ", line);
        }

        [Fact]
        public async Task The_value_is_in_no_log_line_text_or_json()
        {
            using (var client = _gateway.Client(GatewayCa()))
            {
                Assert.StartsWith("hello", await client.GetStringAsync($"https://{Api}/"));
            }

            await _gateway.DisposeAsync();
            var line = await _gateway.LogLine($"allowed {Api}:443");
            Assert.Contains("mode=intercept", line);
            Assert.Contains("credential=anthropic", line);
            Assert.DoesNotContain(Secret, _gateway.Log);

            await using var json = GatewayHarness.Start(_network, new[] { new EgressRule(Api, 443, "anthropic") }, _certificates, Credentials(), _caDir, json: true);
            using (var client = json.Client(GatewayCa()))
            {
                Assert.StartsWith("hello", await client.GetStringAsync($"https://{Api}/"));
            }

            Assert.Contains("\"credential\":\"anthropic\"", await json.LogLine("\"decision\":\"allowed\""));
            Assert.DoesNotContain(Secret, json.Log);
        }

        [Fact]
        public async Task The_agent_is_given_the_gateway_ca_and_an_upstream_the_gateway_cannot_validate_is_refused()
        {
            // The upstream's certificate is from a CA the gateway does not trust: intercepting, the gateway must refuse it.
            using var other = new TestCertificates();
            await using var gateway = GatewayHarness.Start(_network, new[] { new EgressRule(Api, 443, "anthropic") }, other, Credentials(), _caDir);
            using var client = gateway.Client(GatewayCa());
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetStringAsync($"https://{Api}/"));
            Assert.Contains("TLS handshake failed", await gateway.LogLine(" refused "));
            Assert.Empty(_upstream.Requests);
        }

        [Theory]
        [InlineData("POST /a HTTP/1.1\r\nHost: api.example.test\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "both Transfer-Encoding and Content-Length")]
        [InlineData("POST /a HTTP/1.1\r\nHost: api.example.test\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "Content-Length")]
        [InlineData("GET /a HTTP/1.1\r\nHost: evil.test\r\n\r\n", "a request for Host 'evil.test'")]
        [InlineData("GET http://evil.test/ HTTP/1.1\r\nHost: api.example.test\r\n\r\n", "not a path")]
        public async Task A_request_that_could_slip_past_the_rewrite_is_refused(string request, string reason)
        {
            var (_, stream, head) = await _gateway.RawAsync($"CONNECT {Api}:443 HTTP/1.1\r\nHost: {Api}\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 200", head);
            using var tls = new System.Net.Security.SslStream(stream);
            await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
            {
                TargetHost = Api,
                RemoteCertificateValidationCallback = (_, c, _, _) => TestCertificates.ChainsTo(c, GatewayCa()),
            });
            await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
            await tls.FlushAsync();
            Assert.Contains(reason, await _gateway.LogLine(" refused "));
            Assert.Empty(_upstream.Requests);
        }

        [Fact]
        public void The_ca_is_made_once_with_its_key_at_0600_and_reused()
        {
            var key = Path.Join(_caDir, GatewayCertificateAuthority.KeyFile);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_caDir));
            var before = File.ReadAllText(Path.Join(_caDir, GatewayCertificateAuthority.CertificateFile));
            using (GatewayCertificateAuthority.LoadOrCreate(_caDir))
            {
                Assert.Equal(before, File.ReadAllText(Path.Join(_caDir, GatewayCertificateAuthority.CertificateFile)));
            }

            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            Assert.Contains("mode 0600", Assert.Throws<RuntimeError>(() => GatewayCertificateAuthority.LoadOrCreate(_caDir)).Message);
        }

        [Fact]
        public void A_destination_naming_a_credential_the_file_lacks_stops_the_start_naming_both()
        {
            var empty = CredentialFile.Parse(Encoding.UTF8.GetBytes("""{ "credentials": {} }"""), "test", "/test/credentials.json");
            var error = Assert.Throws<RuntimeError>(() => GatewayHarness.Start(_network, new[] { new EgressRule("other.example.test", 443, "github") }, credentials: empty, caDir: _caDir));
            Assert.Contains("credential 'github' is not in /test/credentials.json", error.Message);
        }

        /// <summary>A body of unknown length, so HttpClient sends it chunked.</summary>
        private sealed class NonSeekable : MemoryStream
        {
            public NonSeekable(string text)
                : base(Encoding.UTF8.GetBytes(text))
            {
            }

            public override bool CanSeek => false;
        }
    }
}
