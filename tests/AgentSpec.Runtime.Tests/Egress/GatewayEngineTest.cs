using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using AgentSpec.Model;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The hermetic world of the gateway engine tests: an upstream network (198.51.100.0/24, internal, made by the test)
    /// that only the gateway joins, the test's upstream servers on its host address, and a relay container there whose
    /// network aliases (api.example.test, tunnel.example.test, plain.example.test, other.example.test) forward ports
    /// 443, 8443 and 80 to them; the operator's gateway.json, credentials.json and the test CA in the fake home.
    /// </summary>
    public abstract class GatewayEngineTest : EngineTest, IAsyncLifetime
    {
        public const string Secret = "sk-test-4f1c9a7e-credential-value";

        protected const string TestLabel = "agentspec.test";

        // Not 203.0.113.0/24: this machine reaches its package mirrors (NuGet, npm, Debian) at 203.0.113.80, and the
        // bridge of a network on that subnet takes the host's route there. TEST-NET-2 is public to the gateway too.
        protected static readonly IPAddress HostAddress = IPAddress.Parse("198.51.100.1");

        private readonly GatewayImageFixture _image;
        private readonly string _suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly List<string> _containers = new();
        private string? _network;

        protected GatewayEngineTest(DockerFixture fixture, GatewayImageFixture image)
            : base(fixture)
        {
            image.Require();
            _image = image;
        }

        protected DockerClient Client { get; } = new DockerClientBuilder().WithEndpoint(new Uri(DockerLauncher.DefaultEndpointFromEnvironment)).Build();

        protected TestUpstream Upstream { get; private set; } = null!;

        protected string UpstreamNetwork => "gw-test-up-" + _suffix;

        /// <summary>The relay's address on the upstream network: what a direct connection around the gateway would try.</summary>
        protected string RelayAddress { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            // A test process killed mid-run leaves its upstream network holding the subnet: remove what such a run left.
            foreach (var stale in (await Client.Networks.ListNetworksAsync()).Where(n => n.Name.StartsWith("gw-test-up-", StringComparison.Ordinal)))
            {
                foreach (var member in (await Client.Networks.InspectNetworkAsync(stale.ID)).Containers?.Keys ?? Enumerable.Empty<string>())
                {
                    await Client.Containers.RemoveContainerAsync(member, new ContainerRemoveParameters { Force = true });
                }

                await Client.Networks.DeleteNetworkAsync(stale.ID);
            }

            var created = await Client.Networks.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = UpstreamNetwork,
                Internal = true,
                IPAM = new IPAM { Config = new List<IPAMConfig> { new() { Subnet = "198.51.100.0/24", Gateway = HostAddress.ToString() } } },
                Labels = new Dictionary<string, string> { [TestLabel] = "upstream" },
            });
            _network = created.ID;
            Upstream = new TestUpstream(HostAddress);
            var relay = $"nc -ll -p 443 -e nc {HostAddress} {Upstream.TlsPort} & nc -ll -p 8443 -e nc {HostAddress} {Upstream.TlsPort} & " +
                $"nc -ll -p 80 -e nc {HostAddress} {Upstream.HttpPort} & wait";
            var container = await Client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = "gw-test-relay-" + _suffix,
                Image = TestHost.Image,
                Cmd = new[] { "sh", "-c", relay },
                Labels = new Dictionary<string, string> { [TestLabel] = "relay" },
                HostConfig = new HostConfig { NetworkMode = UpstreamNetwork },
                NetworkingConfig = new NetworkingConfig
                {
                    EndpointsConfig = new Dictionary<string, EndpointSettings>
                    {
                        [UpstreamNetwork] = new() { Aliases = new List<string> { "api.example.test", "tunnel.example.test", "plain.example.test", "other.example.test" } },
                    },
                },
            });
            _containers.Add(container.ID);
            await Client.Containers.StartContainerAsync(container.ID, new ContainerStartParameters());
            RelayAddress = (await Client.Containers.InspectContainerAsync(container.ID)).NetworkSettings!.Networks![UpstreamNetwork].IPAddress;

            var caPath = Path.Join(Host.Home, "upstream-ca.pem");
            Host.WriteAllowlistAt(caPath, Upstream.CaPem);
            WriteGatewayConfig($$"""{ "upstreamNetwork": "{{UpstreamNetwork}}", "image": "{{_image.Tag}}", "upstreamCa": "{{caPath}}" }""");
            WriteCredentials($$"""{ "credentials": { "anthropic": { "header": "x-api-key", "value": "{{Secret}}" } } }""");
        }

        public async Task DisposeAsync()
        {
            foreach (var id in _containers)
            {
                await Client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
            }

            await Engine.CleanupAsync();
            await Engine.CleanupNetworksAsync();
            if (_network is not null)
            {
                await Client.Networks.DeleteNetworkAsync(_network);
            }

            Upstream?.Dispose();
            Client.Dispose();
        }

        protected string GatewayConfigPath => DefaultLocations.Gateway(Host.Home, null);

        protected string CredentialsPath => DefaultLocations.Credentials(Host.Home, null);

        protected void WriteGatewayConfig(string json) => Host.WriteAllowlistAt(GatewayConfigPath, json);

        protected void WriteCredentials(string json)
        {
            Host.WriteAllowlistAt(CredentialsPath, json);
            File.SetUnixFileMode(CredentialsPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        protected HostCheckOptions Options() => Host.Options() with { GatewayPath = GatewayConfigPath, CredentialsPath = CredentialsPath };

        /// <summary>A main group behind the gateway with these destinations.</summary>
        protected static GroupPlan Plan(string id, params EgressRule[] egress) =>
            GroupPlan.Create(id, id, id, true, TestHost.Image, null, Array.Empty<EnvVar>(), Array.Empty<AgentSpec.Model.Mount>(), network: NetworkMode.Gateway) with
            {
                Egress = new EquatableArray<EgressRule>(egress),
            };

        protected async Task<(int Exit, string Output)> Run(GroupPlan plan, string script, GroupRunOptions? options = null)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            // Never hangs the suite: past two minutes the run is cancelled (its container stopped and removed).
            using var limit = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(2));
            var result = await Launcher.RunAsync(
                plan, (options ?? new GroupRunOptions(Options())) with { Command = new[] { "sh", "-c", ClientScript + script } }, new GroupOutput(stdout, stderr), limit.Token);
            return (result.ExitCode, stdout + stderr.ToString());
        }

        /// <summary>
        /// A shell fragment that searches everything the agent can read for <see cref="Secret"/>: its environment (prints
        /// "env-matches: N"), every file outside /proc, /sys and /dev ("file-match: PATH"), the mount table ("mount-matches: N")
        /// and every process's environment ("proc-match: PATH"). The value is split in two, so the search's own command line is
        /// no match.
        /// </summary>
        protected static string SecretSearch()
        {
            var half = Secret.Length / 2;
            return $"a='{Secret.Substring(0, half)}'; b='{Secret.Substring(half)}'; " +
                "env | grep -c \"$a$b\" | sed 's/^/env-matches: /'; " +
                "for d in $(ls / | grep -v -x -e proc -e sys -e dev); do grep -r -l \"$a$b\" /$d 2>/dev/null; done | sed 's/^/file-match: /'; " +
                "grep -c \"$a$b\" /proc/mounts | sed 's/^/mount-matches: /'; " +
                "grep -l \"$a$b\" /proc/[0-9]*/environ 2>/dev/null | sed 's/^/proc-match: /'; ";
        }

        /// <summary>
        /// Shell helpers in the agent: <c>https NAME HOST:PORT</c> sends CONNECT to the gateway ($HTTPS_PROXY), then a GET through
        /// busybox ssl_client (with the agent's own x-api-key placeholder), printing "NAME connect: STATUS" and "NAME body: ...";
        /// <c>probe NAME ADDRESS PORT</c> prints "NAME open" or "NAME closed" for a direct TCP connection.
        /// </summary>
        protected const string ClientScript = """
            cat > /tmp/tls.sh <<'EOF'
            #!/bin/sh
            printf 'CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n' "$1" "$1"
            read -r status
            echo "$2 connect: $status" >&2
            while read -r line; do [ ${#line} -le 1 ] && break; done
            printf 'GET /probe HTTP/1.1\r\nHost: %s\r\nx-api-key: agent-placeholder\r\nConnection: close\r\n\r\n' "${1%:*}" > /tmp/req-$2
            timeout 8 ssl_client -s 3 -n "${1%:*}" 3<&0 < /tmp/req-$2 2>/dev/null | sed "s/^/$2 body: /" >&2
            EOF
            chmod +x /tmp/tls.sh
            gw=${HTTPS_PROXY#http://}
            https() { printf '#!/bin/sh\nexec /tmp/tls.sh %s %s\n' "$2" "$1" > /tmp/p-$1; chmod +x /tmp/p-$1; timeout 10 nc -w 5 ${gw%:*} ${gw##*:} -e /tmp/p-$1 2>&1; }
            probe() { timeout 4 nc -w 2 $2 $3 </dev/null >/dev/null 2>&1; rc=$?; if [ $rc = 0 ] || [ $rc = 143 ]; then echo "$1 open"; else echo "$1 closed"; fi; }

            """;

        protected async Task<IList<ContainerListResponse>> LeftContainers() =>
            (await Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }))
                .Where(c => c.Labels is not null && c.Labels.TryGetValue(Labels.Install, out var id) && id == Engine.InstallId).ToList();

        protected async Task<IList<NetworkResponse>> LeftNetworks() =>
            (await Client.Networks.ListNetworksAsync())
                .Where(n => n.Labels is not null && n.Labels.TryGetValue(Labels.Install, out var id) && id == Engine.InstallId).ToList();
    }
}
