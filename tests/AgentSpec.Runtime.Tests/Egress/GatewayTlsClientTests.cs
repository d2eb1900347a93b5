using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine, hermetic (<see cref="GatewayEngineTest"/>), with a real TLS client in the agent: curl (OpenSSL 3,
    /// <see cref="TlsClientImageFixture"/>) going through $HTTPS_PROXY as any agent's HTTP library does. HTTPS through a tunnel
    /// completes end to end with the upstream's own certificate; HTTPS to a destination with a credential completes against the
    /// CA the host handed over, and the upstream records the host's value in place of the agent's placeholder; what the gateway
    /// refuses gives curl an error and reaches no upstream.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class GatewayTlsClientTests : GatewayEngineTest, IClassFixture<GatewayImageFixture>, IClassFixture<TlsClientImageFixture>
    {
        private const string Placeholder = "agent-placeholder";

        private readonly TlsClientImageFixture _client;

        public GatewayTlsClientTests(DockerFixture fixture, GatewayImageFixture image, TlsClientImageFixture client)
            : base(fixture, image)
        {
            client.Require();
            _client = client;
        }

        private GroupPlan Declared() => Plan(
            "main",
            new EgressRule("api.example.test", 443, "anthropic"),
            new EgressRule("tunnel.example.test", 443, null),
            new EgressRule("api.example.test", 80, "anthropic")) with { Image = _client.Tag };

        /// <summary>
        /// The test upstream's CA in /tmp/upstream-ca.pem (public: only the tunnel needs it, the agent trusting its upstream itself), and
        /// <c>fetch NAME CURL-ARGS...</c>, which prints "NAME rc=EXIT" and curl's output and errors prefixed "NAME: ".
        /// </summary>
        private string Curl() =>
            "cat > /tmp/upstream-ca.pem <<'EOF'\n" + Upstream.CaPem.Trim() + "\nEOF\n" +
            "fetch() { n=$1; shift; out=$(timeout 20 curl -sS --max-time 15 \"$@\" 2>&1); echo \"$n rc=$?\"; printf '%s\\n' \"$out\" | sed \"s/^/$n: /\"; }\n";

        [Fact]
        public async Task HTTPS_through_a_tunnel_completes_end_to_end_with_the_upstreams_own_certificate()
        {
            var script = Curl() +
                "fetch version --version; " +
                "fetch tunnel --cacert /tmp/upstream-ca.pem https://tunnel.example.test/tunnel-probe; true";
            var (exit, output) = await Run(Declared(), script);

            Assert.Equal(0, exit);
            Assert.Contains("OpenSSL/3", output);
            Assert.Contains("tunnel rc=0", output);
            Assert.Contains("tunnel: UPSTREAM-OK", output);
            // Trusting only the upstream's CA, curl got through: the certificate was the upstream's, the gateway never in the TLS.
            var request = Assert.Single(Upstream.Requests);
            Assert.StartsWith("TLS GET /tunnel-probe HTTP/1.1\r\n", request);
            Assert.Contains("\r\nHost: tunnel.example.test\r\n", request);
        }

        [Fact]
        public async Task A_credential_reaches_the_upstream_over_HTTPS_in_place_of_the_agents_placeholder()
        {
            // No --cacert and no -k: curl trusts what the host handed over ($SSL_CERT_FILE, the bundle in /etc/agentspec-egress).
            var script = Curl() +
                $"fetch api -v -H 'x-api-key: {Placeholder}' https://api.example.test/v1/messages; " +
                $"fetch post -H 'X-Api-Key: {Placeholder}' -H 'x-api-key: {Placeholder}-2' --data '{{\"model\":\"m\"}}' https://api.example.test/v1/post; " +
                "fetch chunked -H 'Transfer-Encoding: chunked' --data-binary @/etc/passwd https://api.example.test/v1/chunked; " +
                // The upstream's own CA is not what the agent sees there: the gateway ends the agent's TLS with the host's CA.
                "fetch pinned --cacert /tmp/upstream-ca.pem https://api.example.test/v1/pinned; true";
            var (exit, output) = await Run(Declared(), script);

            Assert.Equal(0, exit);
            foreach (var name in new[] { "api", "post", "chunked" })
            {
                Assert.Contains($"{name} rc=0", output);
                Assert.Contains($"{name}: UPSTREAM-OK", output);
            }

            Assert.Contains("api: > x-api-key: " + Placeholder, output); // what curl itself sent
            Assert.Contains("pinned rc=60", output);
            Assert.DoesNotContain(Secret, output);

            var requests = Upstream.Requests.Where(r => r.StartsWith("TLS ", StringComparison.Ordinal) && r.Contains("HTTP/1.1\r\n", StringComparison.Ordinal)).ToArray();
            Assert.Equal(3, requests.Length);
            foreach (var (path, request) in new[] { "/v1/messages", "/v1/post", "/v1/chunked" }.Select(p => (p, Assert.Single(requests, r => r.StartsWith($"TLS {(p == "/v1/messages" ? "GET" : "POST")} {p} ", StringComparison.Ordinal)))))
            {
                var keys = request.Split("\r\n").Where(l => l.StartsWith("x-api-key:", StringComparison.OrdinalIgnoreCase)).ToArray();
                Assert.True(keys.Length == 1, $"{path}: the upstream got {keys.Length} x-api-key fields: {string.Join(" | ", keys)}");
                Assert.Equal("x-api-key: " + Secret, keys[0]);
                Assert.DoesNotContain(Placeholder, request);
                Assert.Contains("\r\nHost: api.example.test\r\n", request);
            }

            // The bodies arrived whole after the rewritten heads (Content-Length, and chunked decoded by the upstream).
            Assert.EndsWith("\r\n\r\n{\"model\":\"m\"}", requests.Single(r => r.Contains("/v1/post", StringComparison.Ordinal)));
            Assert.EndsWith("\r\n\r\nroot:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000:node:/home/node:/bin/sh\n", requests.Single(r => r.Contains("/v1/chunked", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task What_the_gateway_refuses_gives_curl_an_error_and_reaches_no_upstream()
        {
            var script = Curl() +
                "fetch other --cacert /tmp/upstream-ca.pem https://other.example.test/; " +
                $"fetch literal --cacert /tmp/upstream-ca.pem https://{RelayAddress}/; " +
                "fetch port https://api.example.test:8443/; " +
                // Plain HTTP to a destination with a credential: the gateway adds a credential only over TLS.
                $"fetch plain -H 'x-api-key: {Placeholder}' http://api.example.test/; " +
                // Domain fronting: CONNECT to a declared name, TLS (SNI) and Host for another one.
                "fetch front-tunnel --cacert /tmp/upstream-ca.pem --connect-to other.example.test:443:tunnel.example.test:443 https://other.example.test/; " +
                "fetch front-api --connect-to other.example.test:443:api.example.test:443 https://other.example.test/; " +
                // Inside the intercepted TLS to api.example.test, a request for another virtual host: the credential must not go there.
                "fetch host -H 'Host: other.example.test' https://api.example.test/; true";
            var (exit, output) = await Run(Declared(), script);

            Assert.Equal(0, exit);
            foreach (var name in new[] { "other", "literal", "port", "front-tunnel", "front-api", "host" })
            {
                Assert.Contains($"{name} rc=", output);
                Assert.DoesNotContain($"{name} rc=0", output);
                Assert.DoesNotContain($"{name}: UPSTREAM-OK", output);
            }

            foreach (var name in new[] { "other", "literal", "port" })
            {
                Assert.Contains($"{name}: curl: (56) CONNECT tunnel failed, response 403", output);
            }

            // curl exits 0 on an answered request: the refusal is the gateway's 403 and its reason.
            Assert.Contains("plain: agentspec gateway refused api.example.test:80", output);
            Assert.Contains("which the gateway adds only over TLS", output);
            Assert.DoesNotContain(Secret, output);
            // Connections the gateway opened before it read the ClientHello may reach the upstream, but no request does.
            Assert.DoesNotContain(Upstream.Requests, r => r.Contains("HTTP/1.1\r\n", StringComparison.Ordinal));

            // The fronting attempts got past CONNECT (a declared name) and were stopped by what the gateway checks after it.
            var log = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Join(GatewayPaths.Root(Host.DataRoot), "logs", "main", "default"))));
            Assert.Contains("names 'other.example.test', not tunnel.example.test", log);
            Assert.Contains("names 'other.example.test', not api.example.test", log);
            Assert.Contains("a request for Host 'other.example.test' inside the TLS connection to api.example.test:443", log);
        }

        [Fact]
        public async Task The_credential_is_nowhere_the_agent_can_read_while_curl_uses_it()
        {
            var script = Curl() +
                $"fetch api -v -H 'x-api-key: {Placeholder}' https://api.example.test/v1/messages; " +
                SecretSearch() +
                "id -u | sed 's/^/uid: /'; touch /usr/bin/x 2>/dev/null && echo root-writable; true";
            var (exit, output) = await Run(Declared(), script);

            Assert.Equal(0, exit);
            Assert.Contains("api rc=0", output);
            Assert.Contains("api: UPSTREAM-OK", output);
            Assert.Contains("env-matches: 0", output);
            Assert.Contains("mount-matches: 0", output);
            Assert.DoesNotContain("file-match:", output);
            Assert.DoesNotContain("proc-match:", output);
            Assert.DoesNotContain(Secret, output);
            Assert.Contains("uid: 1000", output);
            Assert.DoesNotContain("root-writable", output);
            Assert.Contains(Upstream.Requests, r => r.Contains("\r\nx-api-key: " + Secret + "\r\n", StringComparison.Ordinal));
        }
    }
}
