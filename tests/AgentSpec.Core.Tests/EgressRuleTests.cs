using System.Linq;
using AgentSpec.Model;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>egress (defaults and per group), AGS0701–AGS0718: exact messages and lines, and what reaches the plan.</summary>
    public class EgressRuleTests
    {
        private const string SecondGroup = "  - id: b\n    folder: b\n";

        /// <summary>The main group with one egress entry whose host is at line 9, column 15.</summary>
        private static string Host(string host, string extra = "") => Yaml.Head + "    egress:\n      - host: " + host + "\n" + extra;

        private static string WithDefaults(string lines) => Yaml.Head.Replace("  image: img\n", "  image: img\n" + lines);

        [Fact]
        public void Declared_egress_reaches_the_plan_with_the_gateway_network_and_port_443_by_default()
        {
            var result = AssertClean(Host("api.anthropic.com", "        credential: anthropic\n      - host: \"*.github.com\"\n      - host: 203.0.113.7\n        port: 8443\n"));
            var main = result.Plans.Single();
            Assert.Equal(NetworkMode.Gateway, main.Network);
            Assert.False(main.EgressFromDefaults);
            Assert.Equal(
                new[] { new EgressRule("api.anthropic.com", 443, "anthropic"), new EgressRule("*.github.com", 443, null), new EgressRule("203.0.113.7", 8443, null) },
                main.Egress.ToArray());
        }

        [Fact]
        public void No_egress_is_exactly_network_none()
        {
            var main = AssertClean(Yaml.Head + "    egress: []\n").Plans.Single();
            Assert.Equal(NetworkMode.None, main.Network);
            Assert.Empty(main.Egress);
        }

        [Fact]
        public void A_bare_wildcard_is_refused()
        {
            var finding = AssertSingle(Host("\"*\""), "AGS0701", 9, 15);
            Assert.Equal("Egress host '*' matches every host on the internet; name the hosts the agent needs, e.g. host: api.example.com, or a wildcard below "
                + "a domain you trust, e.g. host: \"*.example.com\"", finding.Message);
        }

        [Fact]
        public void A_wildcard_over_a_top_level_domain_is_refused() =>
            Assert.Contains("every name under the top-level domain '.com'", AssertSingle(Host("\"*.com\""), "AGS0701", 9, 15).Message);

        [Theory]
        [InlineData("\"api.*.com\"", "inside a label", "*.com")]
        [InlineData("\"*api.x.com\"", "inside a label", "*.x.com")]
        [InlineData("\"a.*\"", "inside a label", "*.example.com")]
        [InlineData("\"*.*.x.com\"", "after the leftmost label", "*.x.com")]
        public void A_wildcard_that_is_not_the_leftmost_label_is_refused_with_the_form_that_works(string host, string where, string fix)
        {
            var finding = AssertSingle(Host(host), "AGS0702", 9, 15);
            Assert.Equal($"Egress host '{host.Trim('"')}' has '*' {where}; a wildcard is only the whole leftmost label followed by a dot, e.g. host: \"{fix}\"", finding.Message);
        }

        [Theory]
        [InlineData("https://api.x.com/v1", "is a URL", "api.x.com", "")]
        [InlineData("http://user@API.x.com:8080/path?q=1", "is a URL", "api.x.com", " and port: 8080")]
        [InlineData("api.x.com/v1", "has a path", "api.x.com", "")]
        [InlineData("api.x.com:8443", "has a port", "api.x.com", " and port: 8443")]
        [InlineData("\"[2001:db8::1]:443\"", "is written in brackets", "2001:db8::1", " and port: 443")]
        public void A_url_written_as_host_names_the_host_to_write(string host, string what, string fix, string port)
        {
            var finding = AssertSingle(Host(host), "AGS0703", 9, 15);
            Assert.Equal($"Egress host '{host.Trim('"')}' {what}; egress names a host and a port, not a scheme, path or user: write host: {fix}{port}", finding.Message);
        }

        [Theory]
        [InlineData("10.0.0.0/8")]
        [InlineData("0.0.0.0/0")]
        [InlineData("\"::/0\"")]
        public void An_address_range_is_refused(string host) =>
            Assert.Contains("is an address range; egress names one host, not a range", AssertSingle(Host(host), "AGS0704", 9, 15).Message);

        [Theory]
        [InlineData("127.0.0.1", "a loopback address (127.0.0.0/8)")]
        [InlineData("169.254.169.254", "the cloud metadata address (link-local 169.254.0.0/16)")]
        [InlineData("169.254.1.1", "a link-local address (169.254.0.0/16)")]
        [InlineData("0.0.0.0", "the unspecified address (0.0.0.0/8)")]
        [InlineData("\"::1\"", "the loopback address (::1)")]
        [InlineData("\"::\"", "the unspecified address (::)")]
        [InlineData("\"fe80::1\"", "a link-local address (fe80::/10)")]
        [InlineData("\"::ffff:127.0.0.1\"", "a loopback address (127.0.0.0/8)")]
        [InlineData("localhost", "a loopback name")]
        [InlineData("metadata.google.internal", "the cloud metadata service's name")]
        public void Loopback_link_local_and_unspecified_are_refused_even_with_private_true(string host, string what)
        {
            var finding = AssertSingle(Host(host, "        private: true\n"), "AGS0705", 9, 15);
            Assert.Equal($"Egress host '{host.Trim('"')}' is {what}; the gateway never connects there (it would reach the host itself, its neighbours or the cloud's "
                + "metadata service). Remove this destination", finding.Message);
        }

        [Theory]
        [InlineData("10.1.2.3", "10.0.0.0/8")]
        [InlineData("172.20.0.5", "172.16.0.0/12")]
        [InlineData("192.168.1.10", "192.168.0.0/16")]
        [InlineData("100.64.0.1", "100.64.0.0/10, carrier-grade NAT")]
        [InlineData("\"fd00::5\"", "fc00::/7, unique local")]
        public void A_private_address_needs_private_true(string host, string range)
        {
            var finding = AssertSingle(Host(host), "AGS0706", 9, 15);
            Assert.Equal($"Egress host '{host.Trim('"')}' is a private address ({range}); the gateway refuses private addresses unless the destination says so on "
                + "purpose: add private: true to this entry if the agent must reach it, or use a public host name", finding.Message);
            var rule = AssertClean(Host(host, "        private: true\n")).Plans.Single().Egress.Single();
            Assert.True(rule.AllowPrivate);
        }

        [Fact]
        public void Private_true_on_a_wildcard_is_refused() =>
            Assert.Contains("Write private: true only on the exact host that is private, e.g. host: host.corp.example",
                AssertSingle(Host("\"*.corp.example\"", "        private: true\n"), "AGS0718", 9, 15).Message);

        [Theory]
        [InlineData("0")]
        [InlineData("65536")]
        [InlineData("-1")]
        public void A_port_out_of_range_is_refused(string port)
        {
            var finding = AssertSingle(Host("api.x.com", "        port: " + port + "\n"), "AGS0707", 10, 15);
            Assert.Equal($"Egress port {port} for 'api.x.com' is not a TCP port; write a whole number from 1 to 65535, or leave port out for 443", finding.Message);
        }

        [Fact]
        public void A_duplicate_destination_is_refused_at_the_second_entry()
        {
            var finding = AssertSingle(Host("api.x.com", "      - host: api.x.com\n        port: 443\n        credential: x\n"), "AGS0708", 10, 15);
            Assert.Equal("Egress destination 'api.x.com:443' is already listed at line 9 with another credential; each host and port is listed once, remove one entry", finding.Message);
            AssertClean(Host("api.x.com", "      - host: api.x.com\n        port: 8443\n"));
        }

        [Fact]
        public void An_uppercase_host_is_refused_with_its_lowercase_form() =>
            Assert.Equal("Egress host 'API.Anthropic.com' has uppercase letters; host names are compared in lowercase, so write host: api.anthropic.com",
                AssertSingle(Host("API.Anthropic.com"), "AGS0709", 9, 15).Message);

        [Theory]
        [InlineData("api.x.com.", "it ends with '.'; write it without, host: api.x.com")]
        [InlineData("registry", "it is a single label; write the fully qualified name (e.g. registry.example.com): the gateway resolves names without search domains")]
        [InlineData("a..b.com", "it has an empty label ('..' or a leading '.')")]
        [InlineData("a_b.com", "it contains '_'")]
        [InlineData("-a.com", "the label '-a' starts or ends with '-'")]
        [InlineData("\"127.1\"", "it is only digits and dots, like a shortened IP address; write the address as four numbers (e.g. 203.0.113.7) or the host name")]
        public void A_host_that_is_not_a_dns_name_is_refused(string host, string why) =>
            Assert.Equal($"Egress host '{host.Trim('"')}' is not a DNS name: {why}. Write a name of dot-separated labels of lowercase letters, digits and '-', e.g. host: api.example.com",
                AssertSingle(Host(host), "AGS0710", 9, 15).Message);

        [Fact]
        public void A_credential_on_a_wildcard_is_refused_with_the_exact_host_to_write()
        {
            var finding = AssertSingle(Host("\"*.github.com\"", "        credential: github\n"), "AGS0711", 10, 21);
            Assert.Equal("Egress host '*.github.com' is a wildcard and has credential 'github'; the gateway would send the key to every name below it, including ones "
                + "someone else controls. List the exact host that needs the credential, e.g. host: api.github.com with credential: github", finding.Message);
        }

        [Fact]
        public void A_credential_name_that_looks_like_a_value_is_refused() =>
            Assert.Contains("put its value in ~/.config/agentspec/credentials.json on the host",
                AssertSingle(Host("api.x.com", "        credential: \"sk-ant-API03 xyz\"\n"), "AGS0712", 10, 21).Message);

        [Theory]
        [InlineData("apiKey")]
        [InlineData("token")]
        [InlineData("value")]
        [InlineData("x-api-key")]
        [InlineData("bearer_token")]
        public void A_credential_value_key_says_values_live_in_operator_config(string key)
        {
            var finding = AssertSingle(Host("api.x.com", $"        {key}: sk-123\n"), "AGS0713", 10, 9);
            Assert.Equal($"Egress entry key '{key}' looks like a credential value; values never go in groups.yaml (it is reviewed and committed, and the agent "
                + "must never see them). Name the credential, e.g. credential: anthropic, and put its value under that name in the operator's "
                + "~/.config/agentspec/credentials.json", finding.Message);
        }

        [Fact]
        public void Another_unknown_key_in_an_entry_lists_the_allowed_keys() =>
            Assert.Equal("Unknown key 'bandwidth' in groups[0].egress[0]; allowed keys are host, port, credential, private",
                AssertHas(Compile(Yaml.Head + "    egress:\n      - bandwidth: api.x.com\n"), "AGS0101", 9, 9).Message);

        [Fact]
        public void Egress_with_network_proxy_in_the_same_group_is_refused_at_the_network_line()
        {
            var finding = AssertSingle(Host("api.x.com", "    network: proxy\n"), "AGS0714", 10, 14);
            Assert.Equal("Group 'main' declares egress (line 8) and network: proxy; egress goes through AgentSpec's gateway, network: proxy through the operator's "
                + "proxy, and a container has one way out. Remove network: proxy to use the gateway (egress implies it), or remove egress to keep the operator's proxy",
                finding.Message);
        }

        [Fact]
        public void Egress_with_network_none_in_the_same_group_says_which_to_remove() =>
            Assert.Contains("Remove network: none to let the agent reach its egress, or remove egress to keep it off the network",
                AssertSingle(Host("api.x.com", "    network: none\n"), "AGS0714", 10, 14).Message);

        [Fact]
        public void Egress_and_network_both_in_defaults_are_refused() =>
            Assert.StartsWith("defaults declares egress (line 4) and network: proxy",
                AssertSingle(WithDefaults("  egress:\n    - host: api.x.com\n  network: proxy\n"), "AGS0714", 6, 12).Message);

        [Fact]
        public void A_group_list_replaces_defaults_and_a_group_network_opts_out_of_defaults_egress()
        {
            var text = WithDefaults("  egress:\n    - host: pypi.org\n")
                + "    egress:\n      - host: api.x.com\n"
                + "  - id: b\n    folder: b\n    network: none\n"
                + "policy:\n  nonMainEgress: true\n";
            var result = AssertClean(text);
            var main = result.Plans.Single(p => p.Id == "main");
            Assert.Equal(new[] { new EgressRule("api.x.com", 443, null) }, main.Egress.ToArray());
            var b = result.Plans.Single(p => p.Id == "b");
            Assert.Equal(NetworkMode.None, b.Network);
            Assert.Empty(b.Egress);
        }

        [Fact]
        public void A_group_inherits_defaults_egress_and_the_plan_says_so()
        {
            var main = AssertClean(WithDefaults("  egress:\n    - host: pypi.org\n")).Plans.Single();
            Assert.True(main.EgressFromDefaults);
            Assert.Equal(NetworkMode.Gateway, main.Network);
            Assert.Equal(new[] { new EgressRule("pypi.org", 443, null) }, main.Egress.ToArray());
        }

        [Fact]
        public void A_non_main_group_with_egress_is_refused_unless_the_policy_allows_it()
        {
            var finding = AssertSingle(Yaml.Head + SecondGroup + "    egress:\n      - host: api.x.com\n", "AGS0715", 10, 5);
            Assert.Equal("Group 'b' is not the main group and policy.nonMainEgress is false, so it cannot reach the network; remove its egress (write egress: [] "
                + "to opt out of defaults.egress), run what needs the network in the main group, or set policy.nonMainEgress: true", finding.Message);
            AssertClean(Yaml.Head + SecondGroup + "    egress:\n      - host: api.x.com\npolicy:\n  nonMainEgress: true\n");
        }

        [Fact]
        public void A_non_main_group_inheriting_defaults_egress_is_refused_at_its_id_naming_the_default() =>
            Assert.Contains("(it inherits defaults.egress, line 4)",
                AssertSingle(WithDefaults("  egress:\n    - host: pypi.org\n") + SecondGroup, "AGS0715", 10, 9).Message);

        [Fact]
        public void A_non_main_group_may_not_use_a_credential_unless_the_policy_allows_it()
        {
            var text = Yaml.Head + SecondGroup + "    egress:\n      - host: api.x.com\n        credential: k\npolicy:\n  nonMainEgress: true\n";
            var finding = AssertSingle(text, "AGS0716", 12, 21);
            Assert.StartsWith("Group 'b' is not the main group and policy.nonMainCredentials is false, so it cannot use credential 'k' (for 'api.x.com')", finding.Message);
            AssertClean(text + "  nonMainCredentials: true\n");
        }

        [Fact]
        public void A_wildcard_in_a_non_main_group_is_a_warning_and_still_compiles()
        {
            var result = Compile(Yaml.Head + SecondGroup + "    egress:\n      - host: \"*.x.com\"\npolicy:\n  nonMainEgress: true\n");
            var finding = AssertHas(result, "AGS0717", 11, 15);
            Assert.Equal(AgentSpec.Core.Diagnostics.RuleSeverity.Warning, finding.Severity);
            Assert.False(result.HasErrors);
            Assert.Equal("*.x.com", result.Plans.Single(p => p.Id == "b").Egress.Single().Host);
        }
    }
}
