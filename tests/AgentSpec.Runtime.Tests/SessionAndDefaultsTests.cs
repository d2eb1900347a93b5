using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Defence in depth for session names (the runtime refuses what the CLI would), and the pure parts of the
    /// defaults: XDG locations and the time zone decision.
    /// </summary>
    public sealed class SessionAndDefaultsTests : IDisposable
    {
        /// <summary>What every refusal of a session name says it must be (Core's SessionNames.Shape), written out.</summary>
        private const string SessionShape =
            "a session name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. default, chat-2, review_main)";

        private readonly TestHost _host = new();

        public void Dispose() => _host.Dispose();

        [Theory]
        [InlineData("skill-data")]
        [InlineData(".claude-shared")]
        [InlineData("../../../../tmp/x")]
        [InlineData("")]
        public void Init_lock_check_and_launch_refuse_an_invalid_session_and_create_nothing(string session)
        {
            var plan = TestHost.Plan("main");
            var init = Assert.Throws<RuntimeError>(() => GroupInit.Init(plan, _host.DataRoot, session));
            Assert.Contains(SessionShape, init.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_host.DataRoot));

            Assert.Contains(SessionShape, Assert.Throws<RuntimeError>(() => SessionLock.Acquire(_host.DataRoot, "main", session, "test")).Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_host.DataRoot));

            GroupInit.Init(plan, _host.DataRoot);
            var check = HostCheck.Check(plan, _host.Options() with { Session = session });
            Assert.False(check.Succeeded);
            Assert.Empty(check.Binds);
            Assert.Contains(SessionShape, Assert.Single(check.Errors).Message);

            using var docker = new DockerLauncher("test");
            var spec = new LaunchSpec("main", "r", TestHost.Image, Array.Empty<ResolvedBind>(), Array.Empty<EnvVar>()) { Session = session };
            Assert.Contains(SessionShape, Assert.Throws<RuntimeError>(() => docker.BuildCreateParameters(spec)).Message);
        }

        [Fact]
        public void A_named_session_gets_its_own_workspace_and_shares_skill_data_and_claude()
        {
            var plan = TestHost.Plan("main");
            GroupInit.Init(plan, _host.DataRoot, "a");
            GroupInit.Init(plan, _host.DataRoot, "b");
            var a = HostCheck.Check(plan, _host.Options() with { Session = "a" }).EnsureSucceeded();
            var b = HostCheck.Check(plan, _host.Options() with { Session = "b" }).EnsureSucceeded();
            string Source(IReadOnlyList<ResolvedBind> binds, string name) => binds.Single(x => x.MountName == name).HostPath;
            Assert.EndsWith("/data/v2-sessions/main/a", Source(a, "workspace"));
            Assert.EndsWith("/data/v2-sessions/main/b", Source(b, "workspace"));
            Assert.Equal(Source(a, "skill-data"), Source(b, "skill-data"));
            Assert.Equal(Source(a, ".claude"), Source(b, ".claude"));
        }

        [Fact]
        public void Default_locations_follow_XDG_and_ignore_relative_values()
        {
            Assert.Equal("/h/.local/share/agentspec", DefaultLocations.DataRoot("/h", null));
            Assert.Equal("/h/.local/share/agentspec", DefaultLocations.DataRoot("/h", ""));
            Assert.Equal("/h/.local/share/agentspec", DefaultLocations.DataRoot("/h", "relative/data"));
            Assert.Equal("/x/data/agentspec", DefaultLocations.DataRoot("/h", "/x/data"));
            Assert.Equal("/h/.config/agentspec/mount-allowlist.json", DefaultLocations.Allowlist("/h", null));
            Assert.Equal("/h/.config/agentspec/mount-allowlist.json", DefaultLocations.Allowlist("/h", "cfg"));
            Assert.Equal("/x/cfg/agentspec/mount-allowlist.json", DefaultLocations.Allowlist("/h", "/x/cfg"));
        }

        [Fact]
        public void Timezone_comes_from_TZ_then_etc_timezone_then_the_localtime_link_else_none()
        {
            string? NoFile(string _) => null;
            string? NoLink(string _) => null;
            string? File(string p) => p == "/etc/timezone" ? "Europe/Paris\n" : null;
            string? Link(string p) => p == "/etc/localtime" ? "/usr/share/zoneinfo/America/New_York" : null;

            Assert.Equal(("Asia/Tokyo", "the host's TZ variable"), Pair(HostTimezone.Detect("Asia/Tokyo", File, Link)));
            Assert.Equal(("Europe/Paris", "/etc/timezone"), Pair(HostTimezone.Detect(null, File, Link)));
            Assert.Equal(("Europe/Paris", "/etc/timezone"), Pair(HostTimezone.Detect("  ", File, Link)));
            Assert.Equal(("America/New_York", "the /etc/localtime link"), Pair(HostTimezone.Detect(null, NoFile, Link)));
            Assert.Null(HostTimezone.Detect(null, NoFile, NoLink).Value);
            Assert.Null(HostTimezone.Detect(null, NoFile, _ => "/etc/somewhere-else").Value);
            // Control characters or an unbounded value are not a zone: the next source is used.
            Assert.Equal("Europe/Paris", HostTimezone.Detect("Europe/Berlin\u001b]52;c;x\u0007", File, Link).Value);
            Assert.Equal("America/New_York", HostTimezone.Detect(new string('x', 500), _ => new string('y', 500), Link).Value);
            Assert.Equal("America/New_York", HostTimezone.Detect(null, _ => throw new UnauthorizedAccessException(), Link).Value);
        }

        [Fact]
        public void A_groups_own_TZ_wins_and_the_host_TZ_is_added_otherwise()
        {
            var host = new TimezoneSetting("Europe/Paris", "/etc/timezone");
            var plain = TestHost.Plan("main");
            var env = HostTimezone.Environment(plain, host);
            Assert.Equal("Europe/Paris", Assert.Single(env, e => e.Name == "TZ").Value);
            Assert.Equal(plain.Environment.Count + 1, env.Count);

            var own = TestHost.Plan("main", new[] { new EnvVar("TZ", "UTC") }, main: true);
            Assert.Equal("UTC", Assert.Single(HostTimezone.Environment(own, host), e => e.Name == "TZ").Value);
            Assert.Equal(("UTC", HostTimezone.DeclaredSource), Pair(HostTimezone.For(own, host)));

            Assert.DoesNotContain(HostTimezone.Environment(plain, new TimezoneSetting(null, "none")), e => e.Name == "TZ");
        }

        private static (string?, string) Pair(TimezoneSetting s) => (s.Value, s.Source);
    }
}
