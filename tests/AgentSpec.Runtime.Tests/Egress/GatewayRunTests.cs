using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentSpec.Model;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine, hermetic (<see cref="GatewayEngineTest"/>): a group with egress runs behind AgentSpec's gateway
    /// container, reaches exactly its declared destinations, and its credential reaches the upstream but never the agent.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class GatewayRunTests : GatewayEngineTest, IClassFixture<GatewayImageFixture>
    {
        public GatewayRunTests(DockerFixture fixture, GatewayImageFixture image)
            : base(fixture, image)
        {
        }

        private static GroupPlan Declared() => Plan(
            "main",
            new EgressRule("api.example.test", 443, "anthropic"),
            new EgressRule("tunnel.example.test", 443, null),
            new EgressRule("plain.example.test", 80, null),
            new EgressRule(GatewayParameters.Alias, GatewaySpec.Port, null),
            new EgressRule("localhost", 443, null));

        [Fact]
        public async Task Declared_names_work_over_HTTPS_and_HTTP_and_everything_else_is_refused()
        {
            var script =
                "https api api.example.test:443; https tunnel tunnel.example.test:443; " +
                "timeout 10 wget -q -O - http://plain.example.test/ 2>&1 | sed 's/^/plain body: /'; " +
                $"https other other.example.test:443; https literal {RelayAddress}:443; https port api.example.test:8443; " +
                $"https own {GatewayParameters.Alias}:{GatewaySpec.Port}; https loop localhost:443; " +
                $"probe direct-relay {RelayAddress} 443; probe direct-host {HostAddress} {Upstream.TlsPort}; " +
                "echo routes: $(ip route | grep -c default); timeout 5 nslookup api.example.test >/dev/null 2>&1 && echo dns-resolved; true";
            var (exit, output) = await Run(Declared(), script);

            Assert.Equal(0, exit);
            Assert.Contains("api connect: HTTP/1.1 200", output);
            Assert.Contains("tunnel connect: HTTP/1.1 200", output);
            Assert.Contains("plain body: UPSTREAM-OK", output);
            foreach (var refused in new[] { "other", "literal", "port", "own", "loop" })
            {
                Assert.DoesNotContain($"{refused} connect: HTTP/1.1 200", output);
            }

            Assert.Contains("direct-relay closed", output);
            Assert.Contains("direct-host closed", output);
            Assert.DoesNotContain("dns-resolved", output);

            // Only the three allowed connections reached an upstream (one each): the plain request, and the TLS of the tunnel and of
            // the interception (busybox ssl_client offers only SHA-1 signatures, which OpenSSL 3 refuses, so this agent's TLS ends
            // at the handshake; GatewayTlsClientTests completes it with curl and shows the credential reaching the upstream).
            var requests = Upstream.Requests.ToArray();
            Assert.Equal(3, requests.Length);
            Assert.StartsWith("HTTP ", Assert.Single(requests, r => r.Contains("plain.example.test", StringComparison.Ordinal)));
            Assert.DoesNotContain(requests, r => r.Contains("other.example.test", StringComparison.Ordinal));

            // The connection log stays with the operator, names what was refused, and never holds the value.
            var log = Directory.GetFiles(Path.Join(GatewayPaths.Root(Host.DataRoot), "logs", "main", "default"));
            var text = File.ReadAllText(Assert.Single(log));
            Assert.Contains("other.example.test", text);
            Assert.DoesNotContain(Secret, text);

            // Teardown: no gateway, no network, no run folder (with its copy of the credential) left.
            Assert.Empty(await LeftContainers());
            Assert.Empty(await LeftNetworks());
            Assert.Empty(Directory.GetDirectories(Path.Join(GatewayPaths.Root(Host.DataRoot), "runs")));
        }

        [Fact]
        public async Task The_credential_is_nowhere_the_agent_can_read_and_the_CA_is_handed_over_read_only()
        {
            var script = SecretSearch() +
                "echo ca: $(ls /etc/agentspec-egress); echo node=$NODE_EXTRA_CA_CERTS ssl=$SSL_CERT_FILE requests=$REQUESTS_CA_BUNDLE; " +
                "grep -c 'PRIVATE KEY' /etc/agentspec-egress/* | sed 's/^/key: /'; touch /etc/agentspec-egress/x 2>/dev/null && echo ca-writable; " +
                "https api api.example.test:443; true";
            var (exit, output) = await Run(Declared(), script);

            Assert.Equal(0, exit);
            Assert.Contains("api connect: HTTP/1.1 200", output);
            Assert.Contains("env-matches: 0", output);
            Assert.Contains("mount-matches: 0", output);
            Assert.DoesNotContain("file-match:", output);
            Assert.Contains("ca: bundle.pem ca.pem", output);
            Assert.Contains($"node={GatewayPaths.AgentCaFile} ssl={GatewayPaths.AgentBundleFile} requests={GatewayPaths.AgentBundleFile}", output);
            Assert.Contains("key: /etc/agentspec-egress/ca.pem:0", output);
            Assert.DoesNotContain("ca-writable", output);
        }

        [Fact]
        public async Task A_killed_gateway_leaves_the_agent_without_any_egress_and_the_run_is_torn_down()
        {
            var session = Path.Join(Host.DataRoot, "data/v2-sessions/main/default");
            var script =
                "https before tunnel.example.test:443; touch /workspace/ready; " +
                "for i in $(seq 1 200); do [ -e /workspace/killed ] && break; sleep 0.1; done; " +
                $"https after tunnel.example.test:443; probe direct-relay {RelayAddress} 443; probe direct-host {HostAddress} {Upstream.TlsPort}; " +
                "echo ifaces: $(ls /sys/class/net); echo routes: $(ip route | grep -c default); true";
            var run = Run(Declared(), script);
            for (var i = 0; i < 300 && !File.Exists(Path.Join(session, "ready")); i++)
            {
                await Task.Delay(100);
            }

            var gateway = Assert.Single(await LeftContainers(), c => c.Labels.TryGetValue(Labels.Role, out var role) && role == GatewayParameters.RoleValue);
            await Client.Containers.KillContainerAsync(gateway.ID, new ContainerKillParameters { Signal = "KILL" });
            File.WriteAllText(Path.Join(session, "killed"), string.Empty);
            var (exit, output) = await run;

            Assert.Equal(0, exit);
            Assert.Contains("before connect: HTTP/1.1 200", output);
            Assert.DoesNotContain("after connect: HTTP/1.1 200", output);
            Assert.Contains("direct-relay closed", output);
            Assert.Contains("direct-host closed", output);
            Assert.Contains("ifaces: eth0 lo", output);
            Assert.Single(Upstream.Requests); // the handshake before the kill; nothing after it
            Assert.Empty(await LeftContainers());
            Assert.Empty(await LeftNetworks());
        }

        [Fact]
        public async Task A_credential_the_host_lacks_stops_the_spawn_before_anything_is_created()
        {
            WriteCredentials("""{ "credentials": { "github": { "header": "Authorization", "value": "ghp_unused" } } }""");

            var error = await Assert.ThrowsAsync<RuntimeError>(() => Run(Declared(), "echo started"));

            Assert.Contains("credential 'anthropic'", error.Message);
            Assert.Contains(CredentialsPath, error.Message);
            Assert.False(Directory.Exists(Path.Join(Host.DataRoot, "data/v2-sessions/main")), "group-init ran before the credential check");
            Assert.Empty(await LeftContainers());
            Assert.Empty(await LeftNetworks());
        }
    }
}
