using AgentSpec.Core.Checks;

namespace AgentSpec.Core.Tests
{
    /// <summary>The run-time side of Core's one blocked list: real paths with the real home, and allowlist patterns.</summary>
    public class BlockedLocationTests
    {
        [Theory]
        [InlineData("/root/projects", "/home/alice", "/root")]
        [InlineData("/root", "/home/alice", "/root")]
        [InlineData("/root/.ssh", "/root", ".ssh")]
        [InlineData("/root/.config/agentspec", "/root", "~/.config/agentspec")]
        [InlineData("/root/.local", "/root", "~/.local/bin")]
        [InlineData("/home/alice/.config", "/home/alice", "~/.config/agentspec")]
        [InlineData("/proc/self", "/root", "/proc")]
        [InlineData("/var/lib/docker", "/root", "/var/lib/docker")]
        public void RealPaths_AreBlocked_WithTheRealHome(string path, string home, string pattern) =>
            Assert.Equal(pattern, HostPathRules.FindBlocked(path, home)?.Pattern);

        [Theory]
        [InlineData("/root/projects")]
        [InlineData("/root/notes/daily")]
        public void Root_IsNotBlocked_WhenItIsTheOperatorsOwnHome_ThenTheHomeRulesApply(string path) =>
            Assert.Null(HostPathRules.FindBlocked(path, "/root"));

        [Theory]
        [InlineData("/etcetera")]
        [InlineData("/srv/tc/x")]
        [InlineData("/procfs-data")]
        [InlineData("/srv/.local/binaries")]
        [InlineData("/home/x/.local/binaries")]
        [InlineData("/home/x/.configs/agentspec")]
        [InlineData("/var/lib/dockerfiles")]
        [InlineData("/srv/root/x")]
        public void NearMisses_AreNotBlocked_AtRunTimeEither(string path) =>
            Assert.Null(HostPathRules.FindBlocked(path, "/home/x"));

        [Theory]
        [InlineData("/home/x/projects/webapp", true)]
        [InlineData("/home/x/projects/webapp/src/app", true)]
        [InlineData("/home/x/PROJECTS/WebApp", true)]
        [InlineData("/srv/projects/webapp", true)]
        [InlineData("/home/x/projects/webapp2", false)]
        [InlineData("/home/x/myprojects/webapp", false)]
        [InlineData("/home/x/projects", false)]
        [InlineData("/home/x/webapp/projects", false)]
        public void PatternWithSlash_MatchesConsecutiveSegments(string path, bool blocked)
        {
            var hit = HostPathRules.FindBlocked(path, "/home/x", new[] { "projects/webapp" });
            Assert.Equal(blocked, hit is not null);
            if (blocked)
            {
                Assert.Equal("projects/webapp", hit!.Value.Pattern);
                Assert.Contains("blockedPatterns", hit.Value.Reason);
            }
        }

        [Theory]
        [InlineData("/home/x/work/private", true)]
        [InlineData("/home/x/work/private/a", true)]
        [InlineData("/home/x/work", true)]
        [InlineData("/home/x/work/public", false)]
        [InlineData("/srv/work/private", false)]
        public void AnchoredPattern_BlocksTheLocation_WhatIsInside_AndWhatContainsIt(string path, bool blocked)
        {
            Assert.Equal(blocked, HostPathRules.FindBlocked(path, "/home/x", new[] { "~/work/private" }) is not null);
            Assert.Equal(blocked, HostPathRules.FindBlocked(path, "/home/x", new[] { "/home/x/work/private/" }) is not null);
        }

        [Fact]
        public void PlainPattern_StillMatchesInsideASegment() =>
            Assert.Equal("secret-stuff", HostPathRules.FindBlocked("/srv/my-secret-stuff-2", "/home/x", new[] { "secret-stuff" })?.Pattern);
    }
}
