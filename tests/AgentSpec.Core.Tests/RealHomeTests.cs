using AgentSpec.Core.Checks;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// <see cref="HostPathRules.FindBlocked"/> with the real home (run time), called directly rather than through the
    /// runtime's host check, so each branch of the home handling is attacked on its own.
    /// </summary>
    public class RealHomeTests
    {
        [Theory]
        [InlineData("/home/op/.config/agentspec", "~/.config/agentspec")]
        [InlineData("/home/op/.config/agentspec/mount-allowlist.json", "~/.config/agentspec")]
        [InlineData("/home/op/.config", "~/.config/agentspec")]
        [InlineData("/home/op/.local/bin", "~/.local/bin")]
        [InlineData("/home/op/.local", "~/.local/bin")]
        [InlineData("/home/op", "~/.config/agentspec")]
        [InlineData("/home", "~/.config/agentspec")]
        [InlineData("/", "~/.config/agentspec")]
        public void Home_locations_match_the_real_home(string path, string pattern)
        {
            Assert.Equal(pattern, HostPathRules.FindBlocked(path, "/home/op")?.Pattern);
            Assert.Equal(pattern, HostPathRules.FindBlocked(path, "/home/op/")?.Pattern);
        }

        [Theory]
        [InlineData("/home/op/projects")]
        [InlineData("/home/op/.config/other")]
        [InlineData("/home/op/.local/share")]
        [InlineData("/home/opx/.local")]
        [InlineData("/home/opx/.config")]
        [InlineData("/srv/.local")]
        public void Paths_beside_the_home_locations_pass(string path) => Assert.Null(HostPathRules.FindBlocked(path, "/home/op"));

        /// <summary>
        /// With the real home known, '~/.local/bin' means that home's only: another user's (or any folder's) '.local/bin'
        /// is not the operator's PATH. Without it (build time), '.local/bin' is refused anywhere.
        /// </summary>
        [Theory]
        [InlineData("/srv/.local/bin")]
        [InlineData("/home/other/.local/bin")]
        [InlineData("/home/other/.config/agentspec")]
        public void Home_locations_elsewhere_are_refused_only_when_the_home_is_unknown(string path)
        {
            Assert.NotNull(HostPathRules.FindBlocked(path));
            Assert.Null(HostPathRules.FindBlocked(path, "/home/op"));
        }

        [Fact]
        public void A_path_that_only_starts_like_the_home_is_not_in_it() =>
            Assert.Null(HostPathRules.FindBlocked("/home/opera/.local/bin/x".Replace("/.local/bin/x", "/notes"), "/home/op"));

        [Theory]
        [InlineData("/root", "/root/projects")]
        [InlineData("/root/", "/root/projects")]
        [InlineData("/root", "/root")]
        public void Root_as_the_operators_home_is_governed_by_the_home_rules(string home, string path) =>
            Assert.Equal(path == "/root" ? "~/.config/agentspec" : null, HostPathRules.FindBlocked(path, home)?.Pattern);

        [Theory]
        [InlineData("/root/.ssh", ".ssh")]
        [InlineData("/root/.local/bin", "~/.local/bin")]
        [InlineData("/root/.config", "~/.config/agentspec")]
        public void Root_as_the_home_still_keeps_what_the_home_rules_block(string path, string pattern) =>
            Assert.Equal(pattern, HostPathRules.FindBlocked(path, "/root")?.Pattern);

        [Theory]
        [InlineData("/root/projects")]
        [InlineData("/root")]
        public void Root_is_blocked_when_it_is_not_the_home(string path) =>
            Assert.Equal(("/root", "the root user's home, with its keys and configuration"), HostPathRules.FindBlocked(path, "/home/op"));

        [Theory]
        [InlineData("/etc", "/etc")]
        [InlineData("/proc/1", "/proc")]
        [InlineData("/run/user/1000", "/run")]
        [InlineData("/var/run/docker.sock", "docker.sock")]
        public void System_locations_are_blocked_whatever_the_home(string path, string pattern)
        {
            Assert.Equal(pattern, HostPathRules.FindBlocked(path, "/home/op")?.Pattern);
            Assert.Equal(pattern, HostPathRules.FindBlocked(path, "/root")?.Pattern);
        }

        [Fact]
        public void Home_forms_still_match_with_a_home() =>
            Assert.Equal("~/.local/bin", HostPathRules.FindBlocked("~/.local/bin/tool", "/home/op")?.Pattern);

        [Fact]
        public void Empty_extra_patterns_block_nothing()
        {
            Assert.Null(HostPathRules.FindBlocked("/srv/data", "/home/op", new[] { string.Empty }));
            Assert.Null(HostPathRules.FindBlocked("/srv/data", "/home/op", new[] { "" , "other" }));
        }

        [Theory]
        [InlineData("~/work/private", "/home/op/work/private/x", true)]
        [InlineData("~/work/private", "/home/op/work", true)]
        [InlineData("~/work/private", "/home/op/work/privateer", false)]
        [InlineData("~//work//private/", "/home/op/work/private", true)]
        [InlineData("/srv//secret/", "/srv/secret/a", true)]
        [InlineData("/srv/secret", "/srv/secrets", false)]
        [InlineData("/srv/secret", "/srv", true)]
        [InlineData("projects/webapp", "/srv/Projects/WEBAPP/x", true)]
        [InlineData("projects//webapp/", "/srv/projects/webapp", true)]
        [InlineData("projects/webapp", "/srv/projects", false)]
        [InlineData("a/b/c", "/a/b", false)]
        public void Allowlist_patterns_with_a_slash(string pattern, string path, bool blocked)
        {
            var hit = HostPathRules.FindBlocked(path, "/home/op", new[] { pattern });
            Assert.Equal(blocked, hit is not null);
            if (blocked)
            {
                Assert.Equal((pattern, "listed in the allowlist's blockedPatterns"), hit!.Value);
            }
        }

        [Fact]
        public void Allowlist_name_patterns_match_inside_a_segment_ignoring_case()
        {
            Assert.Equal(("secret", "listed in the allowlist's blockedPatterns"), HostPathRules.FindBlocked("/srv/TopSECRETs", "/home/op", new[] { "secret" }));
            Assert.Null(HostPathRules.FindBlocked("/srv/public", "/home/op", new[] { "secret" }));
        }

        /// <summary>Segments are read left to right; within one segment the built-in names come before the allowlist's.</summary>
        [Fact]
        public void Builtin_names_win_over_allowlist_patterns_in_the_same_segment()
        {
            Assert.Equal(".ssh", HostPathRules.FindBlocked("/data/.ssh", "/home/op", new[] { "ssh" })?.Pattern);
            Assert.Equal("data", HostPathRules.FindBlocked("/data/.ssh", "/home/op", new[] { "data" })?.Pattern);
        }

        [Fact]
        public void Path_patterns_are_checked_after_every_segment_pattern() =>
            Assert.Equal(".ssh", HostPathRules.FindBlocked("/srv/x/.ssh", "/home/op", new[] { "/srv/x" })?.Pattern);

        [Fact]
        public void Allowlist_path_patterns_win_over_builtin_locations() =>
            Assert.Equal("/var", HostPathRules.FindBlocked("/var/run", "/home/op", new[] { "/var" })?.Pattern);

        /// <summary>Build time: '.local/bin' and '.config/agentspec' must be whole segments, and a top-level '/.config' is not a home.</summary>
        [Theory]
        [InlineData("/srv/my.local/bin")]
        [InlineData("/srv/x.config/agentspec")]
        [InlineData("/.config")]
        [InlineData("/.local")]
        public void Home_location_near_misses_pass_at_build_time(string path) => Assert.Null(HostPathRules.FindBlocked(path));
    }
}
