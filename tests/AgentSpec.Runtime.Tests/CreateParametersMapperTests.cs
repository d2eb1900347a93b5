using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// The pure create-parameters mapping, without an engine: each hardening setting is asserted on its own, so dropping
    /// one from <see cref="CreateParametersMapper"/> fails here in milliseconds (the engine tests then show what it does).
    /// </summary>
    public sealed class CreateParametersMapperTests
    {
        private const long Mi = 1024 * 1024;

        private static readonly LaunchSpec Spec = new("main", "r1", TestHost.Image, Array.Empty<ResolvedBind>(), new[] { new EnvVar("LOG_LEVEL", "debug") })
        {
            User = new ContainerUser(1234, 5678),
            Limits = new ResourceLimits(100, 300 * Mi) with { LogBytes = 60 * Mi },
            Session = "s1",
        };

        private static readonly ProxyNetwork Network = new("id", "agentspec-net-main-r1", "proxy-id", "10.9.0.2", 3128);

        [Fact]
        public void Every_capability_is_dropped()
        {
            Assert.Equal(new[] { "ALL" }, CreateParametersMapper.Map("install", Spec).HostConfig!.CapDrop.ToArray());
        }

        [Fact]
        public void No_new_privileges_and_the_seccomp_profile_are_set()
        {
            var options = CreateParametersMapper.Map("install", Spec).HostConfig!.SecurityOpt;

            Assert.Equal("no-new-privileges", options[0]);
            Assert.StartsWith("seccomp={", options[1]);
        }

        [Fact]
        public void The_root_file_system_is_read_only()
        {
            Assert.True(CreateParametersMapper.Map("install", Spec).HostConfig!.ReadonlyRootfs);
        }

        [Fact]
        public void The_log_is_bounded_and_rotated()
        {
            var log = CreateParametersMapper.Map("install", Spec).HostConfig!.LogConfig;

            Assert.Equal("json-file", log.Type);
            Assert.Equal(new Dictionary<string, string> { ["max-size"] = (20 * Mi).ToString(), ["max-file"] = "3" }, log.Config);
        }

        [Fact]
        public void Pids_memory_and_swap_are_limited()
        {
            var host = CreateParametersMapper.Map("install", Spec).HostConfig!;

            Assert.Equal((100L, 300 * Mi, 300 * Mi), (host.PidsLimit!.Value, host.Memory, host.MemorySwap));
        }

        [Fact]
        public void The_container_runs_as_the_specs_user_in_the_workspace_without_a_network()
        {
            var p = CreateParametersMapper.Map("install", Spec);

            Assert.Equal("1234:5678", p.User);
            Assert.Equal("/workspace", p.WorkingDir);
            Assert.Equal("none", p.HostConfig!.NetworkMode);
            Assert.Null(p.NetworkingConfig);
            Assert.Equal(new[] { "LOG_LEVEL=debug" }, p.Env.ToArray());
        }

        [Fact]
        public void A_root_user_is_refused()
        {
            Assert.Throws<RuntimeError>(() => CreateParametersMapper.Map("install", Spec with { User = new ContainerUser(0, 1000) }));
        }

        [Fact]
        public void Binds_are_mapped_exactly_and_host_managed_tmpfs_are_bounded_and_read_only()
        {
            var binds = new[]
            {
                new ResolvedBind("webapp", "/host/webapp", "/workspace/extra/webapp", ReadOnly: false, MountOrigin.Operator),
                new ResolvedBind("extra", string.Empty, "/workspace/extra", ReadOnly: true, MountOrigin.HostManaged, MountKind.Tmpfs),
            };

            var mounts = CreateParametersMapper.Map("install", Spec with { Binds = binds }).HostConfig!.Mounts!;

            Assert.Equal(("bind", "/host/webapp", "/workspace/extra/webapp", false), (mounts[0].Type, mounts[0].Source, mounts[0].Target, mounts[0].ReadOnly));
            Assert.Equal(("tmpfs", "/workspace/extra", true), (mounts[1].Type, mounts[1].Target, mounts[1].ReadOnly));
            Assert.Equal(ContainerLayout.TmpfsSizeBytes, mounts[1].TmpfsOptions!.SizeBytes);
        }

        [Fact]
        public void The_container_and_its_network_carry_the_same_four_labels()
        {
            var labels = CreateParametersMapper.Map("install", Spec).Labels;

            Assert.Equal(
                new Dictionary<string, string>
                {
                    ["agentspec.install"] = "install", ["agentspec.group"] = "main", ["agentspec.run"] = "r1", ["agentspec.session"] = "s1",
                },
                labels);
            Assert.Equal(labels, ContainerLabels.For("install", Spec));
        }

        [Fact]
        public void In_proxy_mode_the_proxy_variables_of_groups_yaml_are_replaced_by_the_proxys()
        {
            var spec = Spec with
            {
                Environment = new[] { new EnvVar("LOG_LEVEL", "debug"), new EnvVar("Https_Proxy", "http://attacker:1") },
                EgressProxy = new EgressProxyConfig("egress", 3128),
            };

            var env = CreateParametersMapper.Map("install", spec, Network).Env;

            Assert.Equal(
                new[]
                {
                    "LOG_LEVEL=debug", "HTTPS_PROXY=http://10.9.0.2:3128", "HTTP_PROXY=http://10.9.0.2:3128", "NO_PROXY=localhost,127.0.0.1",
                    "https_proxy=http://10.9.0.2:3128", "http_proxy=http://10.9.0.2:3128", "no_proxy=localhost,127.0.0.1",
                },
                env.ToArray());
        }

        [Fact]
        public void Without_a_proxy_the_environment_is_kept_as_declared()
        {
            var env = ProxyEnvironment.Build(new[] { new EnvVar("HTTPS_PROXY", "http://declared:1") }, null, (name, value) => $"{name}={value}");

            Assert.Equal(new[] { "HTTPS_PROXY=http://declared:1" }, env);
        }
    }
}
