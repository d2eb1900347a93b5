using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine: what a group's agent can reach. The test makes its own stand-in for the operator's
    /// proxy (busybox nc answering "PROXY-OK"), a bystander on the proxy's outside network and a container on a
    /// network of its own; every network the test makes is --internal, and all traffic stays between these containers.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class NetworkTests : EngineTest, IAsyncLifetime
    {
        private const string TestLabel = "agentspec.test";
        private readonly string _suffix = Guid.NewGuid().ToString("N").Substring(0, 8);
        private readonly DockerClient _client = new DockerClientBuilder().WithEndpoint(new Uri(DockerLauncher.DefaultEndpointFromEnvironment)).Build();
        private readonly List<string> _containers = new();
        private readonly List<string> _networks = new();

        public NetworkTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private string ProxyName => "r2-test-proxy-" + _suffix;

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (var id in _containers)
            {
                await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
            }

            await Engine.CleanupNetworksAsync();
            foreach (var id in _networks)
            {
                await _client.Networks.DeleteNetworkAsync(id);
            }

            _client.Dispose();
        }

        private async Task<string> TestNetwork(string name)
        {
            var created = await _client.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = name + "-" + _suffix, Internal = true, Labels = new Dictionary<string, string> { [TestLabel] = "network" } });
            _networks.Add(created.ID);
            return created.ID;
        }

        /// <summary>A test container on <paramref name="network"/> answering every TCP connection on <paramref name="port"/> with <paramref name="reply"/>; returns its address there.</summary>
        private async Task<(string Id, string Address)> Listener(string name, string network, int port, string reply, string before = "", string? bind = null)
        {
            var created = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = TestHost.Image,
                Cmd = new[] { "sh", "-c", before + $"while true; do printf 'HTTP/1.0 200 OK\\r\\n\\r\\n{reply}\\n' | nc -l -p {port}; done" },
                Labels = new Dictionary<string, string> { [TestLabel] = "listener" },
                HostConfig = new HostConfig { NetworkMode = network, Binds = bind is null ? null! : new List<string> { bind } },
            });
            _containers.Add(created.ID);
            await _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            var inspected = await _client.Containers.InspectContainerAsync(created.ID);
            return (created.ID, inspected.NetworkSettings!.Networks!.Values.Single().IPAddress);
        }

        /// <summary>Where the test's proxy writes the DNS queries it receives on UDP port 53.</summary>
        private string DnsLog => Path.Join(Host.Root, "proxy-out", "dns");

        private async Task<(string Outside, string ProxyId, string ProxyOutsideAddress)> OperatorProxy()
        {
            var outside = await TestNetwork("r2-test-outside");
            var outFolder = Path.GetDirectoryName(DnsLog)!;
            TestHost.BuildProbe("udp-logger.c", Path.Join(outFolder, "udp-logger"));
            File.WriteAllText(DnsLog, string.Empty);
            var proxy = await Listener(ProxyName, outside, 3128, "PROXY-OK", "(/out/udp-logger /out/dns &) ; ", outFolder + ":/out");
            Host.WriteAllowlistAt(DefaultLocations.EgressProxy(Host.Home), $$"""{ "container": "{{ProxyName}}", "port": 3128 }""");
            return (outside, proxy.Id, proxy.Address);
        }

        private static GroupPlan Plan(string id, NetworkMode network, bool main = true) =>
            GroupPlan.Create(id, id, id, main, TestHost.Image, null, Array.Empty<EnvVar>(), Array.Empty<AgentSpec.Model.Mount>(), network: network);

        private async Task<(int Exit, string Out)> Run(GroupPlan plan, string script)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var result = await Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", script } }, new GroupOutput(stdout, stderr));
            return (result.ExitCode, stdout + stderr.ToString());
        }

        /// <summary>
        /// A TCP connect from inside: prints "NAME open" or "NAME closed". busybox nc keeps a connection that was made
        /// open until the peer closes it, so a connect that succeeded ends by the timeout (143) or by the peer (0).
        /// </summary>
        private static string Probe(string name, string address, int port) =>
            $"timeout 4 nc -w 2 {address} {port} </dev/null >/dev/null 2>&1; rc=$?; if [ $rc = 0 ] || [ $rc = 143 ]; then echo '{name} open'; else echo '{name} closed'; fi; ";

        private async Task<IList<NetworkResponse>> AgentSpecNetworks() =>
            (await _client.Networks.ListNetworksAsync()).Where(n => n.Labels is not null && n.Labels.TryGetValue(Labels.Install, out var id) && id == Engine.InstallId).ToList();

        [Fact]
        public async Task A_none_group_has_no_interface_but_loopback_and_reaches_nothing()
        {
            var (_, _, proxyAddress) = await OperatorProxy();
            var (exit, output) = await Run(Plan("main", NetworkMode.None), "echo ifaces: $(ls /sys/class/net); ip -o addr | grep -v ' lo ' ; " + Probe("proxy", proxyAddress, 3128) + "env | grep -i _proxy; true");
            Assert.Equal(0, exit);
            Assert.Contains("ifaces: lo\n", output);
            Assert.Contains("proxy closed", output);
            Assert.DoesNotContain("inet", output);
            Assert.DoesNotContain("PROXY=", output, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public async Task A_proxy_group_reaches_the_proxy_and_nothing_else_and_its_network_is_removed_after_the_run()
        {
            var (outside, proxyId, proxyOutside) = await OperatorProxy();
            var bystander = await Listener("r2-test-bystander-" + _suffix, outside, 8080, "BYSTANDER");
            var separate = await Listener("r2-test-separate-" + _suffix, await TestNetwork("r2-test-separate"), 8080, "SEPARATE");

            // A listener of the host on every address: reachable through the gateway address were the host given one on the agent's network.
            using var hostListener = new TcpListener(IPAddress.Any, 0);
            hostListener.Start();
            var hostPort = ((IPEndPoint)hostListener.LocalEndpoint).Port;
            var accepted = hostListener.AcceptTcpClientAsync();

            var script =
                "echo ifaces: $(ls /sys/class/net); echo v6: $(cat /proc/net/if_inet6 2>/dev/null | wc -l); echo id: $(id -u); " +
                "echo https=$HTTPS_PROXY http=$HTTP_PROXY lower=$https_proxy no=$NO_PROXY; " +
                "p=${HTTPS_PROXY#http://}; " +
                "printf 'GET http://example.invalid/ HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${p%:*} ${p##*:} | grep PROXY-OK; " +
                "gw=$(ip route | awk '/default/ {print $3}'); echo gateway: $gw; " +
                "[ -n \"$gw\" ] && " + Probe("host-via-gateway", "$gw", hostPort) +
                Probe("bystander", bystander.Address, 8080) + Probe("separate", separate.Address, 8080) + Probe("proxy-outside-address", proxyOutside, 3128) +
                "true";
            var (exit, output) = await Run(Plan("main", NetworkMode.Proxy), script);

            Assert.Equal(0, exit);
            Assert.Contains("ifaces: eth0 lo\n", output);
            Assert.Contains("v6: 0\n", output);
            Assert.Contains($"id: {ContainerSecurity.HostDefaultUser.Uid}\n", output);
            Assert.Matches(@"https=http://[0-9.]+:3128 http=http://[0-9.]+:3128 lower=http://[0-9.]+:3128 no=localhost,127.0.0.1", output);
            Assert.Contains("PROXY-OK", output);
            Assert.Contains("bystander closed", output);
            Assert.Contains("separate closed", output);
            Assert.Contains("proxy-outside-address closed", output);
            Assert.Contains("host-via-gateway closed", output);
            Assert.False(accepted.IsCompleted, "the agent reached a host listener");
            Assert.DoesNotContain("BYSTANDER", output);
            Assert.DoesNotContain("SEPARATE", output);

            // After the run: the run's network is gone and the proxy is back on its own network only.
            Assert.Empty(await AgentSpecNetworks());
            var proxy = await _client.Containers.InspectContainerAsync(proxyId);
            Assert.Equal(new[] { "r2-test-outside-" + _suffix }, proxy.NetworkSettings!.Networks!.Keys.ToArray());
        }

        /// <summary>
        /// The engine's resolver (127.0.0.11) forwards names it does not know; on 20.10 it does so from internal networks
        /// too (CVE-2024-29018), which would carry data out in the name. The only server it may forward to is the proxy.
        /// </summary>
        [Fact]
        public async Task DNS_queries_the_engine_forwards_go_only_to_the_proxy()
        {
            await OperatorProxy();
            var (exit, output) = await Run(Plan("main", NetworkMode.Proxy), "cat /etc/resolv.conf; timeout 5 nslookup secret-r2-marker.invalid 127.0.0.11; true");
            Assert.Equal(0, exit);
            Assert.Contains("nameserver 127.0.0.11", output);
            Assert.Contains("secret-r2-marker", File.ReadAllText(DnsLog));
        }

        [Fact]
        public async Task Two_proxy_groups_cannot_reach_each_other()
        {
            await OperatorProxy();
            var sessionA = Path.Join(Host.DataRoot, "data/v2-sessions/a/default");
            var sessionB = Path.Join(Host.DataRoot, "data/v2-sessions/b/default");
            var plans = new[] { Plan("a", NetworkMode.Proxy), Plan("b", NetworkMode.Proxy, main: false) };
            // a listens and publishes its address; b waits for the test to hand it over, then tries to connect.
            var outputs = new Dictionary<string, StringWriter> { ["a"] = new(), ["b"] = new() };
            var run = Launcher.RunManyAsync(
                plans,
                new GroupRunOptions(Host.Options())
                {
                    Command = new[] { "sh", "-c",
                        "if ip -o -4 addr show eth0 >/dev/null; then ip -o -4 addr show eth0 | awk '{print $4}' | cut -d/ -f1 > /workspace/ip; fi; " +
                        "(timeout 15 sh -c 'while true; do echo PEER-OK | nc -l -p 8080; done' &) ; " +
                        "for i in $(seq 1 100); do [ -s /workspace/target ] && break; sleep 0.1; done; " +
                        Probe("peer", "$(cat /workspace/target)", 8080) + "sleep 1" },
                },
                plan => new GroupOutput(outputs[plan.Id], outputs[plan.Id]));

            // Hand each agent the other's address as soon as both have one; fail loudly if they never do.
            static bool Published(string session) => new FileInfo(Path.Join(session, "ip")) is { Exists: true, Length: > 0 };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!(Published(sessionA) && Published(sessionB)))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    Assert.Fail($"the containers did not publish their addresses within 30 s (a: {Published(sessionA)}, b: {Published(sessionB)}); output a: {outputs["a"]} output b: {outputs["b"]}");
                }

                await Task.Delay(100);
            }

            var ipA = File.ReadAllText(Path.Join(sessionA, "ip")).Trim();
            var ipB = File.ReadAllText(Path.Join(sessionB, "ip")).Trim();
            File.WriteAllText(Path.Join(sessionA, "target"), ipB);
            File.WriteAllText(Path.Join(sessionB, "target"), ipA);
            var results = await run;

            Assert.All(results, r => Assert.Equal(0, r.ExitCode));
            Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", ipA);
            Assert.Contains("peer closed", outputs["a"].ToString());
            Assert.Contains("peer closed", outputs["b"].ToString());
            Assert.DoesNotContain("PEER-OK", outputs["a"] + outputs["b"].ToString());
            Assert.Empty(await AgentSpecNetworks());
        }

        [Fact]
        public async Task A_proxy_group_is_refused_without_a_proxy_configuration_or_with_the_proxy_stopped_and_nothing_is_left()
        {
            var missing = await Assert.ThrowsAsync<RuntimeError>(() => Run(Plan("main", NetworkMode.Proxy), "true"));
            Assert.Contains("no egress proxy configuration at " + DefaultLocations.EgressProxy(Host.Home), missing.Message);
            Assert.Contains("\"container\"", missing.Message);

            var (_, proxyId, _) = await OperatorProxy();
            await _client.Containers.StopContainerAsync(proxyId, new ContainerStopParameters { WaitBeforeKillSeconds = 0 });
            var stopped = await Assert.ThrowsAsync<RuntimeError>(() => Run(Plan("main", NetworkMode.Proxy), "true"));
            Assert.Contains($"'{ProxyName}' is not running", stopped.Message);
            Assert.Empty(await AgentSpecNetworks());
            Assert.Empty(await Engine.ListAsync());

            // A configuration a container could have written (group-writable) is not read.
            var config = DefaultLocations.EgressProxy(Host.Home);
            File.SetUnixFileMode(config, File.GetUnixFileMode(config) | UnixFileMode.GroupWrite);
            var untrusted = await Assert.ThrowsAsync<RuntimeError>(() => Run(Plan("main", NetworkMode.Proxy), "true"));
            Assert.Contains("is not trusted", untrusted.Message);
        }

        [Fact]
        public void A_proxy_configuration_inside_a_read_write_mount_is_refused_before_anything_is_created()
        {
            // main's agent could rewrite a configuration in its read-write folder and point its next run at a "proxy" of its choosing.
            Host.WriteDefaultAllowlist();
            var projects = Host.HomeDir("projects/webapp");
            var config = Path.Join(projects, "egress-proxy.json");
            Host.WriteAllowlistAt(config, $$"""{ "container": "{{ProxyName}}", "port": 3128 }""");
            var plan = GroupPlan.Create("main", "main", "main", true, TestHost.Image, null, Array.Empty<EnvVar>(), new[] { TestHost.Op("webapp", "~/projects/webapp", readOnly: false) }, network: NetworkMode.Proxy);
            var error = Assert.Throws<RuntimeError>(() => GroupLauncher.Prepare(plan, new GroupRunOptions(Host.Options() with { EgressProxyPath = config })));
            Assert.Contains($"the egress proxy configuration {config} lies inside {projects}, which group 'main' mounts read-write", error.Message);
            Assert.False(Directory.Exists(Path.Join(Host.DataRoot, "data/v2-sessions/main")), "group-init ran before the refusal");
        }

        [Fact]
        public void Create_parameters_keep_every_hardening_and_attach_only_the_runs_network()
        {
            var spec = new LaunchSpec("main", "r1", TestHost.Image, Array.Empty<ResolvedBind>(), new[] { new EnvVar("LOG_LEVEL", "debug") }) { Limits = new ResourceLimits(100, 300L << 20) };
            var none = Engine.BuildCreateParameters(spec);
            Assert.Equal("none", none.HostConfig!.NetworkMode);
            Assert.Null(none.NetworkingConfig);
            Assert.Null(none.HostConfig.DNS);

            var proxied = spec with { EgressProxy = new EgressProxyConfig("egress", 3128) };
            // A proxy plan never runs without its network, and a none plan never gets one.
            Assert.Throws<RuntimeError>(() => Engine.BuildCreateParameters(proxied));
            var network = new ProxyNetwork("id", "agentspec-net-main-r1", "proxy-id", "10.9.0.2", 3128);
            Assert.Throws<RuntimeError>(() => Engine.BuildCreateParameters(spec, network));

            var p = Engine.BuildCreateParameters(proxied, network);
            Assert.Equal("agentspec-net-main-r1", p.HostConfig!.NetworkMode);
            Assert.Equal(new[] { "agentspec-net-main-r1" }, p.NetworkingConfig!.EndpointsConfig!.Keys.ToArray());
            Assert.Equal(new[] { "10.9.0.2" }, p.HostConfig.DNS.ToArray());
            Assert.Contains("HTTPS_PROXY=http://10.9.0.2:3128", p.Env);
            Assert.Contains("no_proxy=localhost,127.0.0.1", p.Env);
            Assert.Contains("LOG_LEVEL=debug", p.Env);
            foreach (var q in new[] { none, p })
            {
                Assert.Equal(ContainerSecurity.HostDefaultUser.ToString(), q.User);
                Assert.Equal(new[] { "ALL" }, q.HostConfig!.CapDrop.ToArray());
                Assert.Equal("no-new-privileges", q.HostConfig.SecurityOpt[0]);
                Assert.StartsWith("seccomp={", q.HostConfig.SecurityOpt[1]);
                Assert.Equal((100L, 300L << 20, 300L << 20), (q.HostConfig.PidsLimit!.Value, q.HostConfig.Memory, q.HostConfig.MemorySwap));
            }
        }

        [Fact]
        public async Task Cleanup_removes_a_proxy_network_a_killed_agentspec_left_and_disconnects_the_proxy()
        {
            var (_, proxyId, _) = await OperatorProxy();
            var spec = new LaunchSpec("main", DockerLauncher.NewRunId(), TestHost.Image, Array.Empty<ResolvedBind>(), Array.Empty<EnvVar>()) { EgressProxy = new EgressProxyConfig(ProxyName, 3128) };
            await Engine.CreateProxyNetworkAsync(spec, spec.EgressProxy!);
            Assert.Single(await AgentSpecNetworks());
            Assert.Equal(1, await Engine.CleanupNetworksAsync());
            Assert.Empty(await AgentSpecNetworks());
            Assert.Single((await _client.Containers.InspectContainerAsync(proxyId)).NetworkSettings!.Networks!);
        }
    }
}
