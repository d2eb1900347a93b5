using System.Linq;
using AgentSpec.Model;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>network (defaults and per group) and policy.nonMainProxy (AGS0416): what the compiler refuses and what reaches the plan.</summary>
    public class NetworkRuleTests
    {
        private const string SecondGroup = "  - id: b\n    folder: b\n";

        private static string WithDefaults(string lines) => Yaml.Head.Replace("  image: img\n", "  image: img\n" + lines);

        [Fact]
        public void Nothing_declared_means_no_network()
        {
            var result = AssertClean(Yaml.Head + SecondGroup);
            Assert.All(result.Plans, p => Assert.Equal(NetworkMode.None, p.Network));
        }

        [Fact]
        public void The_main_group_may_use_the_proxy_and_others_stay_without_network()
        {
            var result = AssertClean(Yaml.Head + "    network: proxy\n" + SecondGroup);
            Assert.Equal(NetworkMode.Proxy, result.Plans.Single(p => p.Id == "main").Network);
            Assert.Equal(NetworkMode.None, result.Plans.Single(p => p.Id == "b").Network);
        }

        [Fact]
        public void A_non_main_group_asking_for_the_proxy_is_refused_at_its_network_line()
        {
            var finding = AssertSingle(Yaml.Head + SecondGroup + "    network: proxy\n", "AGS0416", 10, 14);
            Assert.Contains("Group 'b'", finding.Message);
            Assert.Contains("policy.nonMainProxy: true", finding.Message);
        }

        [Fact]
        public void A_proxy_default_inherited_by_a_non_main_group_is_refused_at_the_group_naming_the_default()
        {
            // defaults.network is line 4; group b's id is line 9. main may inherit it, b may not.
            var finding = AssertSingle(WithDefaults("  network: proxy\n") + SecondGroup, "AGS0416", 9, 9);
            Assert.Contains("inherits defaults.network: proxy, line 4", finding.Message);
        }

        [Fact]
        public void A_non_main_group_can_opt_out_of_a_proxy_default()
        {
            var result = AssertClean(WithDefaults("  network: proxy\n") + SecondGroup + "    network: none\n");
            Assert.Equal(NetworkMode.Proxy, result.Plans.Single(p => p.Id == "main").Network);
            Assert.Equal(NetworkMode.None, result.Plans.Single(p => p.Id == "b").Network);
        }

        [Fact]
        public void Policy_nonMainProxy_true_lets_every_group_use_the_proxy()
        {
            var result = AssertClean("policy:\n  nonMainProxy: true\n" + WithDefaults("  network: proxy\n") + SecondGroup);
            Assert.All(result.Plans, p => Assert.Equal(NetworkMode.Proxy, p.Network));
        }

        [Fact]
        public void Policy_nonMainProxy_false_stated_is_the_default()
        {
            AssertSingle("policy:\n  nonMainProxy: false\n" + Yaml.Head + SecondGroup + "    network: proxy\n", "AGS0416", 12, 14);
        }

        [Theory]
        [InlineData("host")]
        [InlineData("bridge")]
        [InlineData("Proxy")]
        [InlineData("\"container:abc\"")]
        [InlineData("true")]
        public void Other_network_values_are_schema_errors_and_never_reach_a_plan(string value)
        {
            var result = Compile(Yaml.Head + $"    network: {value}\n");
            Assert.True(result.HasErrors);
            Assert.Contains(result.Findings, f => f.Id is "AGS0105" or "AGS0103");
            Assert.Empty(result.Plans);
        }

        [Theory]
        [InlineData("HTTPS_PROXY")]
        [InlineData("http_proxy")]
        [InlineData("NO_PROXY")]
        public void Proxy_variables_are_the_hosts_and_cannot_be_set_in_groups_yaml(string name)
        {
            // An agent's proxy is the operator's choice; a groups.yaml value would be replaced at run time, so it is refused, not dropped.
            var finding = AssertSingle(Yaml.Head + "    network: proxy\n    env:\n      " + name + ": http://elsewhere:8080\n", "AGS0406", 10, 7);
            Assert.Contains("egress-proxy.json", finding.Message);
        }

        [Fact]
        public void The_network_is_part_of_the_plans_value_equality()
        {
            var none = AssertClean(Yaml.Head).Plans[0];
            var proxy = AssertClean(Yaml.Head + "    network: proxy\n").Plans[0];
            Assert.NotEqual(none, proxy);
            Assert.Equal(proxy, none with { Network = NetworkMode.Proxy });
        }
    }
}
