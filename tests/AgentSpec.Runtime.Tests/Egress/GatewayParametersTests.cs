using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The pure mappings of a run behind the gateway, without an engine: the agent on the run's network only with the proxy
    /// and CA variables and the CA folder read-only; the gateway container hardened, labelled with the run, its files mounted
    /// read-only (the CA folder read-write), never given to the agent.
    /// </summary>
    public sealed class GatewayParametersTests
    {
        private static readonly GatewaySpec Gateway = new(
            new GatewayConfig("upstream") { Image = "agentspec/gateway:test" },
            "{}",
            new[] { new Credential("anthropic", "x-api-key", "sk-value") },
            "/data/gateway");

        private static readonly LaunchSpec Spec = new("main", "r1", TestHost.Image, Array.Empty<ResolvedBind>(), new[] { new EnvVar("LOG_LEVEL", "debug") })
        {
            Session = "s1",
            Gateway = Gateway,
        };

        private static readonly GatewayFiles Files = new("/data/gateway/runs/x", "/data/gateway/ca", "/data/gateway/logs/main/s1/r1.log");

        private static readonly ProxyNetwork Network = new("id", "agentspec-net-main-r1", "gateway-id", "10.9.0.2", GatewaySpec.Port) { CaFolder = "/data/gateway/runs/x/agent-ca" };

        [Fact]
        public void The_agent_joins_the_runs_network_only_and_asks_only_the_gateway_for_names()
        {
            var parameters = CreateParametersMapper.Map("install", Spec, Network);

            Assert.Equal("agentspec-net-main-r1", parameters.HostConfig!.NetworkMode);
            Assert.Equal(new[] { "agentspec-net-main-r1" }, parameters.NetworkingConfig!.EndpointsConfig.Keys.ToArray());
            Assert.Equal(new[] { "10.9.0.2" }, parameters.HostConfig.DNS.ToArray());
        }

        [Fact]
        public void The_agent_gets_the_proxy_variables_and_the_CA_variables_and_the_CA_folder_read_only()
        {
            var parameters = CreateParametersMapper.Map("install", Spec, Network);

            foreach (var name in new[] { "HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy" })
            {
                Assert.Contains($"{name}=http://10.9.0.2:3128", parameters.Env);
            }

            Assert.Contains("NO_PROXY=localhost,127.0.0.1", parameters.Env);
            Assert.Contains("NODE_EXTRA_CA_CERTS=/etc/agentspec-egress/ca.pem", parameters.Env);
            Assert.Contains("SSL_CERT_FILE=/etc/agentspec-egress/bundle.pem", parameters.Env);
            Assert.Contains("REQUESTS_CA_BUNDLE=/etc/agentspec-egress/bundle.pem", parameters.Env);
            var ca = Assert.Single(parameters.HostConfig!.Mounts!, m => m.Target == GatewayPaths.AgentCaFolder);
            Assert.Equal(("bind", "/data/gateway/runs/x/agent-ca", true), (ca.Type, ca.Source, ca.ReadOnly));
            Assert.DoesNotContain(parameters.HostConfig.Mounts!, m => m.Source!.StartsWith("/data/gateway/ca", StringComparison.Ordinal) || m.Source!.EndsWith(".json", StringComparison.Ordinal));
        }

        [Fact]
        public void Without_a_CA_the_agent_gets_neither_the_variables_nor_a_mount()
        {
            var parameters = CreateParametersMapper.Map("install", Spec, Network with { CaFolder = null });

            Assert.DoesNotContain(parameters.Env, e => e.StartsWith("NODE_EXTRA_CA_CERTS=", StringComparison.Ordinal) || e.StartsWith("SSL_CERT_FILE=", StringComparison.Ordinal));
            Assert.DoesNotContain(parameters.HostConfig!.Mounts!, m => m.Target == GatewayPaths.AgentCaFolder);
        }

        [Fact]
        public void A_gateway_plan_without_its_network_is_refused()
        {
            var error = Assert.Throws<RuntimeError>(() => CreateParametersMapper.Map("install", Spec));

            Assert.Contains("gateway", error.Message);
        }

        [Fact]
        public void The_gateway_runs_agentspec_gateway_with_its_files_and_is_labelled_with_the_run()
        {
            var parameters = GatewayParameters.Map("install", Spec, Gateway, Files, "agentspec-net-main-r1", upstreamCa: true);

            Assert.Equal("agentspec/gateway:test", parameters.Image);
            Assert.Equal(
                new[]
                {
                    "/agentspec", "gateway", "--policy", GatewayPaths.PolicyFile, "--listen", "0.0.0.0:3128", "--ca-dir", GatewayPaths.CaFolder,
                    "--log-format", "text", "--credentials", GatewayPaths.CredentialsFile, "--upstream-ca", GatewayPaths.UpstreamCaFile,
                },
                parameters.Cmd.ToArray());
            Assert.Equal(
                new Dictionary<string, string>
                {
                    [Labels.Install] = "install", [Labels.Group] = "main", [Labels.Run] = "r1", [Labels.Session] = "s1", [Labels.Role] = "gateway",
                },
                parameters.Labels);
            var mounts = parameters.HostConfig!.Mounts!.ToDictionary(m => m.Target!, m => (m.Source, m.ReadOnly));
            Assert.Equal(("/data/gateway/runs/x/policy.json", true), mounts[GatewayPaths.PolicyFile]);
            Assert.Equal(("/data/gateway/runs/x/credentials.json", true), mounts[GatewayPaths.CredentialsFile]);
            Assert.Equal(("/data/gateway/runs/x/upstream-ca.pem", true), mounts[GatewayPaths.UpstreamCaFile]);
            Assert.Equal(("/data/gateway/ca", false), mounts[GatewayPaths.CaFolder]);
            Assert.Equal("agentspec-net-main-r1", parameters.HostConfig.NetworkMode);
            Assert.Equal(new[] { GatewayParameters.Alias }, parameters.NetworkingConfig!.EndpointsConfig["agentspec-net-main-r1"].Aliases.ToArray());
        }

        [Fact]
        public void A_group_without_egress_runs_exactly_as_none_no_gateway_no_network_no_proxy_or_CA_variables()
        {
            using var host = new TestHost();
            var plan = TestHost.Plan("main");
            Assert.Equal(NetworkMode.None, plan.Network);

            // No gateway.json, no credentials.json: a group without egress never asks for them.
            using var prepared = GroupLauncher.Prepare(plan, new GroupRunOptions(host.Options()));
            var parameters = CreateParametersMapper.Map("install", prepared.Launch);

            Assert.Null(prepared.Launch.Gateway);
            Assert.Equal("none", parameters.HostConfig!.NetworkMode);
            Assert.Null(parameters.NetworkingConfig);
            Assert.DoesNotContain(parameters.Env, e => e.Contains("_PROXY=", StringComparison.OrdinalIgnoreCase) || e.Contains("CA_", StringComparison.Ordinal)
                || e.StartsWith("SSL_CERT_FILE=", StringComparison.Ordinal));
            Assert.DoesNotContain(parameters.HostConfig.Mounts!, m => m.Target == GatewayPaths.AgentCaFolder);
            Assert.False(Directory.Exists(GatewayPaths.Root(host.DataRoot)));
        }

        [Fact]
        public void The_gateway_is_hardened_like_an_agent()
        {
            var host = GatewayParameters.Map("install", Spec, Gateway, Files, "net", upstreamCa: false).HostConfig!;

            Assert.Equal(new[] { "ALL" }, host.CapDrop.ToArray());
            Assert.Equal("no-new-privileges", host.SecurityOpt[0]);
            Assert.StartsWith("seccomp=", host.SecurityOpt[1]);
            Assert.True(host.ReadonlyRootfs);
            Assert.True(host.PidsLimit > 0 && host.Memory > 0 && host.MemorySwap == host.Memory);
            Assert.NotEqual("0:0", GatewaySpec.User.ToString());
            Assert.DoesNotContain(host.Mounts!, m => m.Target == GatewayPaths.UpstreamCaFile);
        }
    }
}
