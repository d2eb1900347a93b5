using System;
using System.IO;
using System.Text;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>The operator's gateway.json and the proxy's caCertificate: strict parsing, and a missing file says what to write.</summary>
    public sealed class GatewayConfigTests : IDisposable
    {
        private readonly TestHost _host = new();

        public void Dispose() => _host.Dispose();

        [Fact]
        public void A_missing_file_says_where_and_what_to_write()
        {
            var path = DefaultLocations.Gateway(_host.Home, null);

            var error = Assert.Throws<RuntimeError>(() => GatewayConfig.Load(path, "main"));

            Assert.Contains(path, error.Message);
            Assert.Contains("\"upstreamNetwork\": \"agentspec-upstream\"", error.Message);
            Assert.Contains("group 'main' has egress", error.Message);
        }

        [Fact]
        public void Every_problem_is_listed_at_once()
        {
            var error = Assert.Throws<RuntimeError>(() => GatewayConfig.Parse(
                Encoding.UTF8.GetBytes("""{ "upstreamNetwork": "bad name", "upstreamCa": "relative.pem", "logFormat": "xml", "extra": 1 }"""), "gateway.json"));

            Assert.Contains("unknown key 'extra'", error.Message);
            Assert.Contains("upstreamNetwork must be an engine network name", error.Message);
            Assert.Contains("upstreamCa must be an absolute path", error.Message);
            Assert.Contains("logFormat must be", error.Message);
        }

        [Fact]
        public void A_trusted_file_is_read()
        {
            var path = DefaultLocations.Gateway(_host.Home, null);
            _host.WriteAllowlistAt(path, """{ "upstreamNetwork": "outside", "logFormat": "json" }""");

            var config = GatewayConfig.Load(path, "main");

            Assert.Equal(("outside", "json", null), (config.UpstreamNetwork, config.LogFormat, config.Image));
        }

        [Fact]
        public void A_file_others_can_write_is_not_trusted()
        {
            var path = DefaultLocations.Gateway(_host.Home, null);
            _host.WriteAllowlistAt(path, """{ "upstreamNetwork": "outside" }""");
            File.SetUnixFileMode(path, TestHost.FileMode | UnixFileMode.OtherWrite);

            Assert.Contains("is not trusted", Assert.Throws<RuntimeError>(() => GatewayConfig.Load(path, "main")).Message);
        }

        [Fact]
        public void The_proxy_CA_certificate_is_an_absolute_path_of_a_trusted_PEM_file()
        {
            var relative = Assert.Throws<RuntimeError>(() => EgressProxyConfig.Parse(Encoding.UTF8.GetBytes("""{ "container": "p", "port": 1, "caCertificate": "ca.pem" }"""), "x"));
            Assert.Contains("caCertificate must be the absolute path", relative.Message);

            var pem = Path.Join(_host.Home, "proxy-ca.pem");
            _host.WriteAllowlistAt(pem, "not a certificate");
            var config = EgressProxyConfig.Parse(Encoding.UTF8.GetBytes($$"""{ "container": "p", "port": 1, "caCertificate": "{{pem}}" }"""), "x");
            Assert.Contains("holds no PEM certificate", Assert.Throws<RuntimeError>(() => config.ReadCaCertificate(null)).Message);

            File.WriteAllText(pem, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
            File.SetUnixFileMode(pem, TestHost.FileMode | UnixFileMode.OtherWrite);
            Assert.Contains("is not trusted", Assert.Throws<RuntimeError>(() => config.ReadCaCertificate(null)).Message);
        }
    }
}
