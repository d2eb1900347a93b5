using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// Every entry of the blocked lists, against the literal tables in <see cref="Expected"/>: each one refuses a path
    /// with its own pattern and reason (the whole message, written out) and lets a near miss through.
    /// </summary>
    public class BlockedTableTests
    {
        public static IEnumerable<object[]> Segments => Expected.BlockedSegments.Select(b => new object[] { b.Pattern, b.Reason });

        public static IEnumerable<object[]> Locations => Expected.BlockedLocations.Select(b => new object[] { b.Location, b.Reason });

        [Fact]
        public void The_blocked_name_table_is_the_documented_one() =>
            Assert.Equal(Expected.BlockedSegments, HostPathRules.BlockedSegments);

        [Fact]
        public void The_blocked_location_table_is_the_documented_one() =>
            Assert.Equal(Expected.BlockedLocations, HostPathRules.BlockedLocations);

        [Theory]
        [MemberData(nameof(Segments))]
        public void Each_blocked_name_refuses_a_folder_named_so_anywhere_in_any_case(string pattern, string reason)
        {
            foreach (var path in new[] { "/srv/" + pattern, "/srv/" + pattern.ToUpperInvariant() + "/x", "~/a/old" + pattern + ".bak", "~/" + pattern })
            {
                var f = HostPath(path);
                Assert.Equal($"hostPath '{path}' matches the blocked pattern '{pattern}' ({reason}); it can never be mounted into an agent container. Mount a folder that holds no credentials", f.Message);
                Assert.Equal((pattern, reason), HostPathRules.FindBlocked(HostPathRules.Check(new Located<string>(path, default), new List<Finding>()) ?? path));
            }
        }

        [Theory]
        [MemberData(nameof(Segments))]
        public void Each_blocked_name_lets_a_near_miss_through(string pattern, string reason)
        {
            _ = reason;
            // The name without its first character ('ssh', 'redentials', 'd_rsa') is a different folder.
            var nearMiss = "/srv/" + pattern.Substring(1) + "/x";
            AssertClean(Yaml.WithMounts(Yaml.Mount(nearMiss, "x")));
            Assert.Null(HostPathRules.FindBlocked(nearMiss));
            Assert.Null(HostPathRules.FindBlocked(nearMiss, "/home/op"));
        }

        [Theory]
        [MemberData(nameof(Locations))]
        public void Each_blocked_location_refuses_itself_and_what_is_inside(string location, string reason)
        {
            foreach (var path in new[] { location, location + "/", location + "/inner/file" })
            {
                var f = HostPath(path);
                Assert.Equal($"hostPath '{path}' matches the blocked pattern '{location}' ({reason}); it can never be mounted into an agent container. Mount a folder that holds no credentials", f.Message);
            }
        }

        /// <summary>The folder that contains a blocked location is refused too (mounting it would expose the location).</summary>
        [Theory]
        [InlineData("~/.config", "~/.config/agentspec")]
        [InlineData("~/.local", "~/.local/bin")]
        [InlineData("/var/lib", "/var/lib/docker")]
        [InlineData("/var", "/var/lib/docker")]
        public void The_folder_that_contains_a_blocked_location_is_refused(string path, string location) =>
            Assert.Contains($"blocked pattern '{location}'", HostPath(path).Message);

        /// <summary>One near miss per location: a sibling whose name starts the same, and a same-named folder elsewhere.</summary>
        [Theory]
        [InlineData("~/.config/agentspec2")]
        [InlineData("~/.config/agent")]
        [InlineData("~/.local/binaries")]
        [InlineData("~/.local/share")]
        [InlineData("/etcetera")]
        [InlineData("/srv/etc")]
        [InlineData("/rooted")]
        [InlineData("/srv/root")]
        [InlineData("/process")]
        [InlineData("/srv/proc")]
        [InlineData("/system")]
        [InlineData("/srv/sys")]
        [InlineData("/devices")]
        [InlineData("/srv/dev")]
        [InlineData("/bootstrap")]
        [InlineData("/srv/boot")]
        [InlineData("/var/lib/dockerd-data")]
        [InlineData("/srv/var/lib/docker")]
        [InlineData("/var/lib/containerd2")]
        [InlineData("/runner")]
        [InlineData("/srv/run")]
        [InlineData("/var/running")]
        [InlineData("/srv/var/run")]
        [InlineData("/srv/tc/x")]
        [InlineData("/srv/.local/binaries")]
        [InlineData("/var/lib/mysql")]
        [InlineData("/variable")]
        public void Near_misses_of_each_location_are_clean(string path)
        {
            AssertClean(Yaml.WithMounts(Yaml.Mount(path, "x")));
            Assert.Null(HostPathRules.FindBlocked(path));
        }

        /// <summary>/run/docker lies inside /run; it is listed for its own reason, which is the one reported.</summary>
        [Fact]
        public void The_most_specific_reason_is_reported_for_the_engine_state() =>
            Assert.Equal(("/run/docker", "the Docker engine's runtime state and socket"), HostPathRules.FindBlocked("/run/docker/x"));

        private static Finding HostPath(string path)
        {
            var result = Compile(Yaml.WithMounts(Yaml.Mount("\"" + path + "\"", "x")));
            var f = Assert.Single(result.Findings);
            Assert.Equal("AGS0302", f.Id);
            Assert.Empty(result.Plans);
            return f;
        }
    }
}
