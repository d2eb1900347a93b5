using AgentSpec.Model;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0412 (container user) and AGS0413 (resource limits): defaults, per group, and how they reach the plan.</summary>
    public class ContainerRuleTests
    {
        private const string SecondGroup = "  - id: b\n    folder: b\n";

        private static string WithDefaults(string lines) => Yaml.Head.Replace("  image: img\n", "  image: img\n" + lines);

        [Fact]
        public void Nothing_declared_gives_the_host_default_user_and_the_default_limits()
        {
            var plan = AssertClean(Yaml.Head).Plans[0];
            Assert.Null(plan.User);
            Assert.Equal(new ResourceLimits(512, 2L * 1024 * 1024 * 1024), plan.Limits);
        }

        [Theory]
        [InlineData("\"1000:1000\"", 1000, 1000)]
        [InlineData("'1234'", 1234, 1234)]
        [InlineData("1500", 1500, 1500)]
        [InlineData("65534:100", 65534, 100)]
        [InlineData("\"2147483647:2147483647\"", 2147483647, 2147483647)]
        public void Numeric_non_root_users_reach_the_plan(string user, long uid, long gid) =>
            Assert.Equal(new ContainerUser(uid, gid), AssertClean(Yaml.Head + $"    user: {user}\n").Plans[0].User);

        [Theory]
        [InlineData("\"0\"", "is uid 0 (root)")]
        [InlineData("0", "is uid 0 (root)")]
        [InlineData("\"0:0\"", "is uid 0 (root)")]
        [InlineData("\"000:1000\"", "is uid 0 (root)")]
        [InlineData("\"0:1000\"", "is uid 0 (root)")]
        [InlineData("\"1000:0\"", "has gid 0 (the root group)")]
        [InlineData("root", "is a name")]
        [InlineData("node", "is a name")]
        [InlineData("\"node:node\"", "is a name")]
        [InlineData("\"1000:wheel\"", "is a name")]
        [InlineData("\"-1\"", "is not of the form UID or UID:GID")]
        [InlineData("-1", "is not of the form UID or UID:GID")]
        [InlineData("\"1000:\"", "is not of the form UID or UID:GID")]
        [InlineData("\":1000\"", "is not of the form UID or UID:GID")]
        [InlineData("\"+1000\"", "is not of the form UID or UID:GID")]
        [InlineData("\" 1000\"", "is not of the form UID or UID:GID")]
        [InlineData("\"1000:1000:1000\"", "is not of the form UID or UID:GID")]
        [InlineData("\"\"", "is not of the form UID or UID:GID")]
        [InlineData("\"2147483648\"", "has an id above 2147483647")]
        [InlineData("\"1000:99999999999999999999999\"", "has an id above 2147483647")]
        public void Root_names_and_malformed_users_are_refused_where_they_are_written(string user, string problem)
        {
            var f = AssertSingle(Yaml.Head + $"    user: {user}\n", "AGS0412", 8, 11);
            Assert.Contains(problem, f.Message);
            Assert.Contains("write a numeric non-root user as \"UID:GID\", e.g. \"1000:1000\"", f.Message);
        }

        [Fact]
        public void The_message_names_the_key_the_value_the_problem_and_the_fix()
        {
            var f = AssertSingle(Yaml.Head + "    user: \"0:0\"\n", "AGS0412", 8, 11);
            Assert.Equal("user '0:0' is uid 0 (root); write a numeric non-root user as \"UID:GID\", e.g. \"1000:1000\", or leave 'user' out to run as the invoking user (1000:1000 when agentspec runs as root)", f.Message);
        }

        [Fact]
        public void A_root_default_is_reported_once_at_the_default_not_for_every_group()
        {
            var f = AssertSingle(WithDefaults("  user: root\n") + SecondGroup, "AGS0412", 4, 9);
            Assert.StartsWith("defaults.user 'root' is a name", f.Message);
        }

        [Fact]
        public void A_group_user_replaces_the_default_user()
        {
            var plans = AssertClean(WithDefaults("  user: \"2000:2000\"\n") + SecondGroup + "    user: \"3000:3001\"\n").Plans;
            Assert.Equal(new ContainerUser(2000, 2000), plans[0].User);
            Assert.Equal(new ContainerUser(3000, 3001), plans[1].User);
        }

        [Fact]
        public void A_group_cannot_escape_to_root_by_overriding_a_safe_default() =>
            AssertSingle(WithDefaults("  user: \"2000:2000\"\n") + SecondGroup + "    user: \"0:0\"\n", "AGS0412", 11, 11);

        [Theory]
        [InlineData("pids: 15", "limits.pids '15' is below 16; write a whole number from 16 to 65536, e.g. 512 (the default)")]
        [InlineData("pids: 0", "limits.pids '0' is below 16 (0 and -1 would mean unlimited)")]
        [InlineData("pids: -1", "limits.pids '-1' is below 16 (0 and -1 would mean unlimited)")]
        [InlineData("pids: 65537", "limits.pids '65537' is above 65536")]
        [InlineData("pids: 9223372036854775807", "is above 65536")]
        [InlineData("memory: 15m", "limits.memory '15m' is below 16m; write a size from 16m to 64g with a unit k, m or g, e.g. \"2g\" (the default)")]
        [InlineData("memory: \"16777215\"", "is below 16m")]
        [InlineData("memory: 65g", "limits.memory '65g' is above 64g")]
        [InlineData("memory: 2GB", "limits.memory '2GB' is not a size")]
        [InlineData("memory: 1.5g", "is not a size")]
        [InlineData("memory: unlimited", "is not a size")]
        [InlineData("memory: \"-1\"", "is not a size")]
        [InlineData("memory: \"\"", "is not a size")]
        [InlineData("memory: 99999999999999999999g", "is not a size")]
        public void Limits_outside_the_sane_range_are_refused_where_they_are_written(string entry, string message)
        {
            var f = AssertSingle(Yaml.Head + "    limits:\n      " + entry + "\n", "AGS0413", 9, 7 + entry.IndexOf(':') + 2);
            Assert.Contains(message, f.Message);
        }

        [Theory]
        [InlineData("pids: 16", 16, 2L << 30)]
        [InlineData("pids: 65536", 65536, 2L << 30)]
        [InlineData("memory: 16m", 512, 16L << 20)]
        [InlineData("memory: 64g", 512, 64L << 30)]
        [InlineData("memory: 2G", 512, 2L << 30)]
        [InlineData("memory: 1048576k", 512, 1L << 30)]
        [InlineData("memory: \"402653184\"", 512, 384L << 20)]
        public void Limits_inside_the_range_reach_the_plan(string entry, int pids, long memory) =>
            Assert.Equal(new ResourceLimits(pids, memory), AssertClean(Yaml.Head + "    limits:\n      " + entry + "\n").Plans[0].Limits);

        [Fact]
        public void Group_limits_replace_the_default_limits_key_by_key()
        {
            var plans = AssertClean(WithDefaults("  limits:\n    pids: 100\n    memory: 1g\n") + SecondGroup + "    limits:\n      memory: 512m\n").Plans;
            Assert.Equal(new ResourceLimits(100, 1L << 30), plans[0].Limits);
            Assert.Equal(new ResourceLimits(100, 512L << 20), plans[1].Limits);
            Assert.Equal("512m", plans[1].Limits.Memory);
        }

        [Fact]
        public void A_bad_default_limit_is_reported_once() =>
            AssertSingle(WithDefaults("  limits:\n    pids: 1\n") + SecondGroup, "AGS0413", 5, 11);

        [Fact]
        public void Unknown_limit_keys_and_wrong_types_are_schema_errors()
        {
            AssertSingle(Yaml.Head + "    limits:\n      cpus: 2\n", "AGS0101", 9, 7);
            AssertSingle(Yaml.Head + "    limits:\n      pids: \"64\"\n", "AGS0103", 9, 13);
            AssertSingle(Yaml.Head + "    limits:\n      memory: 2048\n", "AGS0103", 9, 15);
            Assert.Equal("'user' must be a string or an integer, not a boolean (true)", AssertSingle(Yaml.Head + "    user: true\n", "AGS0103", 8, 11).Message);
            AssertSingle(Yaml.Head + "    limits: 64\n", "AGS0103", 8, 13);
        }

        [Fact]
        public void Nothing_declared_gives_the_default_disk_bounds()
        {
            var limits = AssertClean(Yaml.Head).Plans[0].Limits;
            Assert.Equal((256L << 20, 256L << 20, 30L << 20), (limits.TmpBytes, limits.HomeBytes, limits.LogBytes));
            Assert.Equal(("256m", "256m", "30m", 10L << 20), (limits.Tmp, limits.Home, limits.Logs, limits.LogFileBytes));
        }

        [Theory]
        [InlineData("tmp: 1023k", "limits.tmp '1023k' is below 1m; write a size from 1m to 64g with a unit k, m or g, e.g. \"256m\" (the default)")]
        [InlineData("tmp: 65g", "limits.tmp '65g' is above 64g")]
        [InlineData("tmp: \"0\"", "limits.tmp '0' is below 1m")]
        [InlineData("tmp: 1.5g", "limits.tmp '1.5g' is not a size")]
        [InlineData("tmp: unlimited", "is not a size")]
        [InlineData("home: 512KB", "limits.home '512KB' is not a size; write a size from 1m to 64g")]
        [InlineData("home: 100g", "limits.home '100g' is above 64g")]
        [InlineData("logs: 2m", "limits.logs '2m' is below 3m; write a size from 3m to 4g with a unit k, m or g, e.g. \"30m\" (the default)")]
        [InlineData("logs: 5g", "limits.logs '5g' is above 4g")]
        [InlineData("logs: \"-1\"", "limits.logs '-1' is not a size")]
        [InlineData("logs: none", "is not a size")]
        public void Disk_limits_outside_their_range_are_refused_where_they_are_written(string entry, string message)
        {
            var f = AssertSingle(Yaml.Head + "    limits:\n      " + entry + "\n", "AGS0413", 9, 7 + entry.IndexOf(':') + 2);
            Assert.Contains(message, f.Message);
        }

        [Theory]
        [InlineData("tmp: 1m", 1L << 20, 256L << 20, 30L << 20)]
        [InlineData("tmp: 64g", 64L << 30, 256L << 20, 30L << 20)]
        [InlineData("home: 2G", 256L << 20, 2L << 30, 30L << 20)]
        [InlineData("logs: 3m", 256L << 20, 256L << 20, 3L << 20)]
        [InlineData("logs: 4g", 256L << 20, 256L << 20, 4L << 30)]
        [InlineData("logs: \"104857600\"", 256L << 20, 256L << 20, 100L << 20)]
        public void Disk_limits_inside_their_range_reach_the_plan(string entry, long tmp, long home, long logs)
        {
            var limits = AssertClean(Yaml.Head + "    limits:\n      " + entry + "\n").Plans[0].Limits;
            Assert.Equal(ResourceLimits.Default with { TmpBytes = tmp, HomeBytes = home, LogBytes = logs }, limits);
        }

        [Fact]
        public void Group_disk_limits_replace_the_default_ones_key_by_key()
        {
            var plans = AssertClean(WithDefaults("  limits:\n    tmp: 64m\n    logs: 100m\n") + SecondGroup + "    limits:\n      tmp: 1g\n      home: 32m\n").Plans;
            Assert.Equal((64L << 20, 256L << 20, 100L << 20), (plans[0].Limits.TmpBytes, plans[0].Limits.HomeBytes, plans[0].Limits.LogBytes));
            Assert.Equal((1L << 30, 32L << 20, 100L << 20), (plans[1].Limits.TmpBytes, plans[1].Limits.HomeBytes, plans[1].Limits.LogBytes));
            Assert.Equal(new ResourceLimits(512, 2L << 30), plans[0].Limits with { TmpBytes = ResourceLimits.DefaultTmpBytes, LogBytes = ResourceLimits.DefaultLogBytes });
        }

        [Fact]
        public void A_bad_default_disk_limit_is_reported_once_and_wrong_types_are_schema_errors()
        {
            AssertSingle(WithDefaults("  limits:\n    logs: 1m\n") + SecondGroup, "AGS0413", 5, 11);
            AssertSingle(Yaml.Head + "    limits:\n      tmp: 64\n", "AGS0103", 9, 12);
            AssertSingle(Yaml.Head + "    limits:\n      disk: 1g\n", "AGS0101", 9, 7);
        }

        [Fact]
        public void Hand_built_disk_limits_outside_the_range_have_a_problem()
        {
            Assert.Null(ResourceLimits.Default.Problem);
            Assert.Equal("the tmp size 0 bytes is below 1m", (ResourceLimits.Default with { TmpBytes = 0 }).Problem);
            Assert.Equal("the home size 1024 bytes is below 1m", (ResourceLimits.Default with { HomeBytes = 1024 }).Problem);
            Assert.Equal("the logs bound 8589934592 bytes is above 4g", (ResourceLimits.Default with { LogBytes = 8L << 30 }).Problem);
        }

        [Fact]
        public void User_and_limit_rules_are_protected_errors()
        {
            Assert.True(Diagnostics.Rules.UnsafeContainerUser.Protected);
            Assert.True(Diagnostics.Rules.InvalidResourceLimit.Protected);
            Assert.Equal(Diagnostics.RuleSeverity.Error, Diagnostics.Rules.UnsafeContainerUser.Severity);
            Assert.Equal("AgentSpec.Security", Diagnostics.Rules.InvalidResourceLimit.Category);
        }
    }
}
