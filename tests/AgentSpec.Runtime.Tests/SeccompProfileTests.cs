using System;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>The profile is Docker's default, only narrowed: nothing upstream allows is widened, nothing dropped.</summary>
    public sealed class SeccompProfileTests
    {
        private static readonly string[] Narrowed = SeccompProfile.ModeArgument.Keys.Concat(SeccompProfile.Refused).ToArray();

        private static string[] Names(JsonNode rule) => rule["names"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

        [Fact]
        public void The_embedded_default_is_moby_s_file_unchanged()
        {
            using var stream = typeof(SeccompProfile).Assembly.GetManifestResourceStream("AgentSpec.Runtime.Seccomp.docker-default.json")!;
            var hash = Convert.ToHexStringLower(SHA256.HashData(stream));

            // moby 20.10.24 profiles/seccomp/default.json from Debian's golang-github-docker-docker-dev (Seccomp/README.md).
            Assert.Equal("e5e91f884647e7332b3f89280777752f563df4f1372a186f14ddb7bf2f55cf61", hash);
        }

        [Fact]
        public void Every_upstream_rule_is_kept_with_only_the_narrowed_names_taken_out()
        {
            var upstream = SeccompProfile.LoadDockerDefault();
            var built = JsonNode.Parse(SeccompProfile.JsonText)!; // what the engine gets

            Assert.Equal(upstream["defaultAction"]!.ToJsonString(), built["defaultAction"]!.ToJsonString());
            Assert.Equal(upstream["defaultErrnoRet"]?.ToJsonString(), built["defaultErrnoRet"]?.ToJsonString());
            Assert.Equal(upstream["archMap"]!.ToJsonString(), built["archMap"]!.ToJsonString());
            var before = upstream["syscalls"]!.AsArray();
            var after = built["syscalls"]!.AsArray();
            Assert.Equal(before.Count + SeccompProfile.ModeArgument.Count + SeccompProfile.FlagsArgument.Count + 1, after.Count);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.Equal(Names(before[i]!).Where(n => !Narrowed.Contains(n)), Names(after[i]!));
                foreach (var key in new[] { "action", "errnoRet", "args", "includes", "excludes" })
                {
                    Assert.Equal(before[i]![key]?.ToJsonString(), after[i]![key]?.ToJsonString());
                }
            }
        }

        [Fact]
        public void The_narrowed_calls_are_allowed_only_with_the_setid_bits_clear_or_refused_with_ENOSYS()
        {
            var upstream = SeccompProfile.LoadDockerDefault()["syscalls"]!.AsArray();
            // Unconditional upstream allows: no argument filter and no includes (moby 20.10 writes them as [] and {}).
            var allowedUpstream = upstream
                .Where(r => r!["action"]!.GetValue<string>() == "SCMP_ACT_ALLOW"
                    && (r["args"] is null || r["args"]!.AsArray().Count == 0)
                    && (r["includes"] is null || r["includes"]!.AsObject().Count == 0))
                .SelectMany(r => Names(r!)).ToHashSet();

            // Every name narrowed by mode was plainly allowed upstream: a rename there must show up here.
            Assert.Subset(allowedUpstream, SeccompProfile.ModeArgument.Keys.ToHashSet());

            var rules = JsonNode.Parse(SeccompProfile.JsonText)!["syscalls"]!.AsArray().Where(r => Names(r!).Any(n => Narrowed.Contains(n))).ToList();
            foreach (var rule in rules)
            {
                Assert.StartsWith("agentspec:", rule!["comment"]!.GetValue<string>());
                if (rule["action"]!.GetValue<string>() == "SCMP_ACT_ERRNO")
                {
                    Assert.Equal(SeccompProfile.Refused, Names(rule));
                    Assert.Equal(38, rule["errnoRet"]!.GetValue<int>());
                    continue;
                }

                var name = Assert.Single(Names(rule));
                var arg = Assert.Single(rule["args"]!.AsArray())!;
                Assert.Equal("SCMP_CMP_MASKED_EQ", arg["op"]!.GetValue<string>());
                Assert.Equal(0, arg["valueTwo"]!.GetValue<long>());
                var (index, mask) = (arg["index"]!.GetValue<int>(), arg["value"]!.GetValue<long>());
                Assert.True(
                    (index, mask) == (SeccompProfile.ModeArgument[name], 0x800 | 0x400)
                    || (SeccompProfile.FlagsArgument.TryGetValue(name, out var flags) && (index, mask) == (flags, 0x40 | 0x400000)),
                    $"{name}: index {index} mask {mask}");
            }
        }
    }
}
