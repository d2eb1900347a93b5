using System.Linq;
using System.Text;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>policy.json is one model: written from the plan, read back strictly, the same destinations both ways.</summary>
    public sealed class GatewayPolicyTests
    {
        private static GroupPlan Plan() => TestHost.Plan("main") with
        {
            Egress = new EquatableArray<EgressRule>(new[]
            {
                new EgressRule("api.anthropic.com", 443, "anthropic"), new EgressRule("*.github.com", 443, null),
                new EgressRule("lan.example.test", 8443, null) { AllowPrivate = true },
            }),
        };

        [Fact]
        public void The_plan_is_written_in_the_contract_shape_and_read_back_the_same()
        {
            var policy = GatewayPolicy.From(Plan(), "s1");
            var json = policy.ToJson();
            Assert.Equal(
                """{"group":"main","session":"s1","destinations":[{"host":"api.anthropic.com","port":443,"credential":"anthropic"},""" +
                """{"host":"*.github.com","port":443},{"host":"lan.example.test","port":8443,"private":true}]}""",
                json);
            var read = GatewayPolicy.Parse(Encoding.UTF8.GetBytes(json), "policy.json");
            Assert.Equal("main", read.Group);
            Assert.Equal("s1", read.Session);
            Assert.Equal(policy.Destinations, read.Destinations.ToArray());
            Assert.True(read.Destinations[2].AllowPrivate);
        }

        [Theory]
        [InlineData("""{"group":"main","session":"default","destinations":[],"extra":1}""", "unknown key 'extra'")]
        [InlineData("""{"group":"main","group":"x","session":"default","destinations":[]}""", "duplicate key 'group'")]
        [InlineData("""{"session":"default","destinations":[]}""", "group must be a non-empty string")]
        [InlineData("""{"group":"main","session":"default"}""", "destinations must be an array")]
        [InlineData("""{"group":"main","session":"default","destinations":[{"host":"*","port":443}]}""", "destinations[0].host must be")]
        [InlineData("""{"group":"main","session":"default","destinations":[{"host":"API.example.com","port":443}]}""", "destinations[0].host must be")]
        [InlineData("""{"group":"main","session":"default","destinations":[{"host":"a.test","port":"443"}]}""", "destinations[0].port must be")]
        [InlineData("""{"group":"main","session":"default","destinations":[{"host":"a.test","port":443,"credential":"Bad Name"}]}""", "credential must be")]
        [InlineData("""{"group":"main","session":"default","destinations":[{"host":"a.test","port":443,"private":"yes"}]}""", "private must be true or false")]
        [InlineData("""{"group":"main","session":"default","destinations":[""", "not valid JSON")]
        public void A_malformed_policy_is_refused_naming_the_problem(string json, string problem)
        {
            var error = Assert.Throws<RuntimeError>(() => GatewayPolicy.Parse(Encoding.UTF8.GetBytes(json), "policy.json"));
            Assert.Contains("the gateway policy policy.json is malformed", error.Message);
            Assert.Contains(problem, error.Message);
        }
    }
}
