using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>The egress proxy configuration is read like the allowlist: trusted, bounded, strict. No engine needed.</summary>
    public sealed class EgressProxyConfigTests : IDisposable
    {
        private readonly TestHost _host = new();

        private string ConfigPath => DefaultLocations.EgressProxy(_host.Home);

        public void Dispose() => _host.Dispose();

        private static RuntimeError Malformed(string json) =>
            Assert.Throws<RuntimeError>(() => EgressProxyConfig.Parse(Encoding.UTF8.GetBytes(json), "test.json"));

        [Fact]
        public void A_valid_configuration_is_read()
        {
            _host.WriteAllowlistAt(ConfigPath, """{ "container": "egress-proxy", "port": 3128 }""");
            Assert.Equal(new EgressProxyConfig("egress-proxy", 3128), EgressProxyConfig.Load(ConfigPath, "main"));
        }

        [Theory]
        [InlineData("""{ "container": "p", "port": 3128, "host": "10.0.0.1" }""", "unknown key 'host'")]
        [InlineData("""{ "container": "p", "container": "q", "port": 3128 }""", "duplicate key 'container'")]
        [InlineData("""{ "container": "p" }""", "port is missing")]
        [InlineData("""{ "port": 3128 }""", "container is missing")]
        [InlineData("""{ "container": "p", "port": 0 }""", "port must be a whole number from 1 to 65535")]
        [InlineData("""{ "container": "p", "port": "3128" }""", "port must be a whole number")]
        [InlineData("""{ "container": "--network=host", "port": 3128 }""", "container must be a container name")]
        [InlineData("""{ "container": "a b", "port": 3128 }""", "container must be a container name")]
        [InlineData("""[ "p", 3128 ]""", "the top level must be an object")]
        [InlineData("""{ "container": "p", "port": 3128 """, "not valid JSON")]
        public void Malformed_configurations_are_refused_naming_the_problem_and_the_fix(string json, string problem)
        {
            var error = Malformed(json);
            Assert.Contains(problem, error.Message);
            Assert.Contains("\"container\": \"egress-proxy\"", error.Message);
        }

        [Fact]
        public void A_missing_configuration_refuses_the_proxy_group_with_an_example()
        {
            var error = Assert.Throws<RuntimeError>(() => EgressProxyConfig.Load(ConfigPath, "main"));
            Assert.Contains($"group 'main' has network: proxy, but there is no egress proxy configuration at {ConfigPath}", error.Message);
            Assert.Contains("network: none", error.Message);
        }

        [Fact]
        public void A_configuration_others_can_write_is_not_read()
        {
            _host.WriteAllowlistAt(ConfigPath, """{ "container": "egress-proxy", "port": 3128 }""");
            File.SetUnixFileMode(ConfigPath, TestHost.FileMode | UnixFileMode.OtherWrite);
            var error = Assert.Throws<RuntimeError>(() => EgressProxyConfig.Load(ConfigPath, "main"));
            Assert.Contains("the egress proxy configuration", error.Message);
            Assert.Contains("is not trusted", error.Message);
        }

        [Fact]
        public void Dev_zero_and_a_huge_sparse_file_are_refused_fast_without_reading()
        {
            var clock = Stopwatch.StartNew();
            Assert.Contains("character device", Assert.Throws<RuntimeError>(() => EgressProxyConfig.Load("/dev/zero", "main")).Message);
            var big = Path.Join(_host.Root, "big.json");
            using (var f = File.Create(big))
            {
                f.SetLength(100L * 1024 * 1024);
            }

            File.SetUnixFileMode(big, TestHost.FileMode);
            Assert.Contains("more than the 65536 bytes", Assert.Throws<RuntimeError>(() => EgressProxyConfig.Load(big, "main")).Message);
            Assert.True(clock.ElapsedMilliseconds < 1000, $"took {clock.ElapsedMilliseconds} ms");
        }
    }
}
