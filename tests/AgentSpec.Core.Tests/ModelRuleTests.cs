using System;
using System.Linq;
using AgentSpec.Model;
using AgentSpec.Core.Model;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// The model's own rules called directly, at their boundaries, with the expected values and messages written out:
    /// container users, resource limits, network names, loader variables, session names, shared folders, plan building.
    /// </summary>
    public class ModelRuleTests
    {
        private const long Ki = 1024, Mi = 1024 * Ki, Gi = 1024 * Mi;

        // ---- ContainerUser (AGS0412) ----

        [Theory]
        [InlineData("1", 1, 1)]
        [InlineData("1000", 1000, 1000)]
        [InlineData("1000:1001", 1000, 1001)]
        [InlineData("2147483647:2147483647", 2147483647, 2147483647)]
        [InlineData("007:008", 7, 8)]
        public void Numeric_non_root_users_parse(string text, long uid, long gid)
        {
            var user = ContainerUser.Parse(text, out var problem);
            Assert.Null(problem);
            Assert.Equal(new ContainerUser(uid, gid), user);
            Assert.Null(user!.Problem);
        }

        [Theory]
        [InlineData("0", "is uid 0 (root)")]
        [InlineData("0:1000", "is uid 0 (root)")]
        [InlineData("000", "is uid 0 (root)")]
        [InlineData("1000:0", "has gid 0 (the root group)")]
        [InlineData("2147483648", "has an id above 2147483647")]
        [InlineData("1:2147483648", "has an id above 2147483647")]
        [InlineData("2147483648:1", "has an id above 2147483647")]
        [InlineData("99999999999999999999:1", "has an id above 2147483647")]
        [InlineData("1:99999999999999999999", "has an id above 2147483647")]
        [InlineData("99999999999999999999", "has an id above 2147483647")]
        [InlineData("root", "is a name, not a number: names are looked up in the image's /etc/passwd, where any name can map to uid 0")]
        [InlineData("1000:node", "is a name, not a number: names are looked up in the image's /etc/passwd, where any name can map to uid 0")]
        [InlineData("", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData(":", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData("1000:", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData(":1000", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData("-1", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData("+1000", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData(" 1000", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData("1000:1000:1000", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData("1/0", "is not of the form UID or UID:GID (decimal digits only)")]
        [InlineData("1000:9", null)]
        public void Other_users_are_refused_with_the_reason(string text, string? expected)
        {
            var user = ContainerUser.Parse(text, out var problem);
            Assert.Equal(expected, problem);
            Assert.Equal(expected is null, user is not null);
        }

        [Theory]
        [InlineData(0, 1, "is uid 0 (root)")]
        [InlineData(1, 0, "has gid 0 (the root group)")]
        [InlineData(0, 0, "is uid 0 (root)")]
        [InlineData(-1, 1, "has an id outside 1..2147483647")]
        [InlineData(1, -1, "has an id outside 1..2147483647")]
        [InlineData(2147483648, 1, "has an id outside 1..2147483647")]
        [InlineData(1, 2147483648, "has an id outside 1..2147483647")]
        [InlineData(2147483647, 2147483647, null)]
        [InlineData(1, 1, null)]
        public void A_hand_built_user_says_why_it_cannot_run(long uid, long gid, string? problem) =>
            Assert.Equal(problem, new ContainerUser(uid, gid).Problem);

        [Fact]
        public void Users_print_as_the_engine_reads_them()
        {
            Assert.Equal("1000:1001", new ContainerUser(1000, 1001).ToString());
            Assert.Equal(new ContainerUser(1000, 1000), ContainerUser.Node);
            Assert.Equal(2147483647, ContainerUser.MaxId);
        }

        // ---- ResourceLimits (AGS0413) ----

        [Theory]
        [InlineData(-1, "is below 16 (0 and -1 would mean unlimited)")]
        [InlineData(0, "is below 16 (0 and -1 would mean unlimited)")]
        [InlineData(1, "is below 16")]
        [InlineData(15, "is below 16")]
        [InlineData(16, null)]
        [InlineData(512, null)]
        [InlineData(65536, null)]
        [InlineData(65537, "is above 65536")]
        public void Pids_limits_outside_16_to_65536_are_refused(long pids, string? problem) =>
            Assert.Equal(problem, ResourceLimits.PidsProblem(pids));

        [Theory]
        [InlineData(16 * Mi - 1, "is below 16m")]
        [InlineData(0, "is below 16m")]
        [InlineData(16 * Mi, null)]
        [InlineData(64 * Gi, null)]
        [InlineData(64 * Gi + 1, "is above 64g")]
        public void Memory_limits_outside_16m_to_64g_are_refused(long bytes, string? problem) =>
            Assert.Equal(problem, ResourceLimits.MemoryProblem(bytes));

        [Theory]
        [InlineData(15, 2 * Gi, "the pids limit 15 is below 16")]
        [InlineData(512, 1 * Mi, "the memory limit 1048576 bytes is below 16m")]
        [InlineData(0, 1, "the pids limit 0 is below 16 (0 and -1 would mean unlimited)")]
        [InlineData(512, 2 * Gi, null)]
        public void Hand_built_limits_say_why_they_cannot_run(int pids, long memory, string? problem) =>
            Assert.Equal(problem, new ResourceLimits(pids, memory).Problem);

        [Fact]
        public void The_defaults_are_512_tasks_and_2g()
        {
            Assert.Equal(new ResourceLimits(512, 2 * Gi), ResourceLimits.Default);
            Assert.Equal("pids 512, memory 2g", ResourceLimits.Default.ToString());
            Assert.Equal("2g", ResourceLimits.Default.Memory);
            Assert.Equal((16, 65536, 16 * Mi, 64 * Gi), (ResourceLimits.MinPids, ResourceLimits.MaxPids, ResourceLimits.MinMemoryBytes, ResourceLimits.MaxMemoryBytes));
        }

        [Theory]
        [InlineData("0", 0)]
        [InlineData("1", 1)]
        [InlineData("1024", 1024)]
        [InlineData("1k", Ki)]
        [InlineData("1K", Ki)]
        [InlineData("384m", 384 * Mi)]
        [InlineData("384M", 384 * Mi)]
        [InlineData("2g", 2 * Gi)]
        [InlineData("2G", 2 * Gi)]
        [InlineData("999999999999999999", 999999999999999999)]
        [InlineData("4294967296g", 4294967296 * Gi)]
        [InlineData("4398046511104m", 4398046511104 * Mi)]
        [InlineData("4503599627370496k", 4503599627370496 * Ki)]
        public void Memory_sizes_parse(string text, long bytes)
        {
            Assert.True(ResourceLimits.TryParseMemory(text, out var parsed), text);
            Assert.Equal(bytes, parsed);
        }

        [Theory]
        [InlineData("")]
        [InlineData("g")]
        [InlineData("2GB")]
        [InlineData("2b")]
        [InlineData("1.5g")]
        [InlineData("-1")]
        [InlineData("+1")]
        [InlineData(" 1g")]
        [InlineData("1 g")]
        [InlineData("unlimited")]
        [InlineData("1000000000000000000")]
        [InlineData("4294967297g")]
        [InlineData("4611686018427387904")]
        [InlineData("4398046511105m")]
        [InlineData("4503599627370497k")]
        [InlineData("4503599627370497m")]
        [InlineData("1x")]
        public void Other_memory_texts_do_not_parse(string text)
        {
            Assert.False(ResourceLimits.TryParseMemory(text, out var bytes), text);
            Assert.Equal(0, bytes);
        }

        [Theory]
        [InlineData(0, "0")]
        [InlineData(1, "1")]
        [InlineData(1023, "1023")]
        [InlineData(1024, "1k")]
        [InlineData(1536, "1536")]
        [InlineData(3 * Ki, "3k")]
        [InlineData(Mi, "1m")]
        [InlineData(384 * Mi, "384m")]
        [InlineData(Gi, "1g")]
        [InlineData(Gi + Mi, "1025m")]
        [InlineData(64 * Gi, "64g")]
        public void Memory_prints_in_the_largest_exact_unit(long bytes, string text) =>
            Assert.Equal(text, ResourceLimits.FormatMemory(bytes));

        // ---- NetworkMode (AGS0416) ----

        [Fact]
        public void Network_names_are_exactly_none_and_proxy()
        {
            Assert.Equal("none", NetworkMode.None.Name());
            Assert.Equal("proxy", NetworkMode.Proxy.Name());
            Assert.Equal(NetworkMode.None, NetworkModes.Parse("none"));
            Assert.Equal(NetworkMode.Proxy, NetworkModes.Parse("proxy"));
            foreach (var other in new[] { "", "Proxy", "NONE", "host", "bridge", " proxy", "proxy ", "x" })
            {
                Assert.Null(NetworkModes.Parse(other));
            }

            Assert.Equal(0, (int)NetworkMode.None);
        }

        // ---- EnvironmentRules (AGS0415) ----

        [Theory]
        [InlineData("LD_PRELOAD", "makes the dynamic loader load or search libraries it names in every process (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT, ...)")]
        [InlineData("ld_anything", "makes the dynamic loader load or search libraries it names in every process (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT, ...)")]
        [InlineData("DYLD_INSERT_LIBRARIES", "makes the dynamic loader load or search libraries it names in every process (macOS: DYLD_INSERT_LIBRARIES, ...)")]
        [InlineData("DOCKER_HOST", "points Docker clients at another engine or TLS configuration (DOCKER_HOST, DOCKER_CONFIG, ...)")]
        [InlineData("GIT_CONFIG_COUNT", "makes git run a command or read configuration it names (GIT_CONFIG_COUNT/KEY_n/VALUE_n set any option, e.g. core.sshCommand)")]
        [InlineData("npm_config_script_shell", "sets any npm option, including script-shell, node-options and the registry")]
        [InlineData("BASH_FUNC_ls%%", "defines a shell function that replaces a command in every bash")]
        [InlineData("PATH", "decides which program runs for every command name")]
        [InlineData("path", "decides which program runs for every command name")]
        [InlineData("NODE_OPTIONS", "makes Node.js load code or certificates it names (--require, --import) into every node process")]
        [InlineData("PYTHONPATH", "makes Python load code it names (module search path)")]
        [InlineData("IFS", "makes the shell run code or split words differently")]
        [InlineData("ENV", "makes the shell run code or split words differently (a script sourced by every sh)")]
        [InlineData("JAVA_TOOL_OPTIONS", "adds JVM options, including agents that run code, to every Java process")]
        [InlineData("SSL_CERT_FILE", "changes which TLS certificates are trusted")]
        [InlineData("GIT_CONFIG", "makes git run a command or read configuration it names")]
        [InlineData("GIT_SSL_NO_VERIFY", "turns off TLS certificate checks in git")]
        public void Loader_and_runtime_variables_say_what_they_inject(string name, string reason)
        {
            Assert.Equal(reason, EnvironmentRules.InjectionReason(name));
            Assert.True(EnvironmentRules.IsInjectionVariable(name));
        }

        [Theory]
        [InlineData("LOG_LEVEL")]
        [InlineData("LD")]
        [InlineData("XLD_PRELOAD")]
        [InlineData("PATHS")]
        [InlineData("MY_PATH")]
        [InlineData("DOCKER")]
        [InlineData("GIT_AUTHOR_NAME")]
        [InlineData("NODE_ENV")]
        [InlineData("ENVIRONMENT")]
        [InlineData("")]
        public void Ordinary_variables_are_not_injection_variables(string name)
        {
            Assert.Null(EnvironmentRules.InjectionReason(name));
            Assert.False(EnvironmentRules.IsInjectionVariable(name));
        }

        [Fact]
        public void A_null_name_is_not_an_injection_variable() => Assert.Null(EnvironmentRules.InjectionReason(null!));

        [Fact]
        public void The_refused_prefixes_and_names_are_the_documented_ones()
        {
            Assert.Equal(new[] { "LD_", "DYLD_", "DOCKER_", "GIT_CONFIG_", "NPM_CONFIG_", "BASH_FUNC_" }, EnvironmentRules.RefusedPrefixes);
            Assert.Equal(
                new[]
                {
                    "BASHOPTS", "BASH_ENV", "CLASSPATH", "CURL_CA_BUNDLE", "ENV", "GCONV_PATH", "GIT_ASKPASS", "GIT_CONFIG", "GIT_CONFIG_GLOBAL",
                    "GIT_CONFIG_SYSTEM", "GIT_EXEC_PATH", "GIT_EXTERNAL_DIFF", "GIT_PROXY_COMMAND", "GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSL_CAINFO",
                    "GIT_SSL_CAPATH", "GIT_SSL_NO_VERIFY", "GIT_TEMPLATE_DIR", "GLIBC_TUNABLES", "IFS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
                    "NODE_EXTRA_CA_CERTS", "NODE_OPTIONS", "NODE_PATH", "NODE_REPL_EXTERNAL_MODULE", "NODE_TLS_REJECT_UNAUTHORIZED", "OPENSSL_CONF",
                    "OPENSSL_ENGINES", "OPENSSL_MODULES", "PATH", "PERL5DB", "PERL5LIB", "PERL5OPT", "PERLLIB", "PROMPT_COMMAND", "PS4",
                    "PYTHONBREAKPOINT", "PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONUSERBASE", "PYTHONWARNINGS", "REQUESTS_CA_BUNDLE",
                    "RUBYLIB", "RUBYOPT", "SHELLOPTS", "SSL_CERT_DIR", "SSL_CERT_FILE", "ZDOTDIR", "_JAVA_OPTIONS",
                },
                EnvironmentRules.RefusedNames.OrderBy(n => n, StringComparer.Ordinal));
        }

        /// <summary>Every refused name with what it injects, written out (a name or its reason dropped or changed fails here).</summary>
        private static readonly System.Collections.Generic.Dictionary<string, string> InjectionNames = new()
        {
            ["PATH"] = "decides which program runs for every command name",
            ["NODE_OPTIONS"] = "makes Node.js load code or certificates it names (--require, --import) into every node process",
            ["NODE_PATH"] = "makes Node.js load code or certificates it names (module search path)",
            ["NODE_EXTRA_CA_CERTS"] = "changes which TLS certificates are trusted for Node.js",
            ["NODE_TLS_REJECT_UNAUTHORIZED"] = "turns off TLS certificate checks in Node.js",
            ["NODE_REPL_EXTERNAL_MODULE"] = "makes Node.js load code or certificates it names in place of the REPL",
            ["PYTHONPATH"] = "makes Python load code it names (module search path)",
            ["PYTHONSTARTUP"] = "makes Python load code it names (a script run at interactive start)",
            ["PYTHONHOME"] = "makes Python load code it names (the standard library location)",
            ["PYTHONUSERBASE"] = "makes Python load code it names (the user site-packages location)",
            ["PYTHONWARNINGS"] = "makes Python load code it names (a warning filter imports the module it names)",
            ["PYTHONBREAKPOINT"] = "makes Python load code it names (called by breakpoint())",
            ["PERL5LIB"] = "makes Perl load modules it names",
            ["PERLLIB"] = "makes Perl load modules it names",
            ["PERL5OPT"] = "adds Perl options (-M loads a module) to every perl",
            ["PERL5DB"] = "makes Perl run debugger code it names",
            ["RUBYOPT"] = "adds Ruby options (-r loads a library) to every ruby",
            ["RUBYLIB"] = "makes Ruby load libraries it names",
            ["CLASSPATH"] = "makes Java load classes it names",
            ["JAVA_TOOL_OPTIONS"] = "adds JVM options, including agents that run code, to every Java process",
            ["_JAVA_OPTIONS"] = "adds JVM options, including agents that run code, to every Java process",
            ["JDK_JAVA_OPTIONS"] = "adds JVM options, including agents that run code, to every Java process",
            ["BASH_ENV"] = "makes the shell run code or split words differently (a script sourced by every non-interactive bash)",
            ["ENV"] = "makes the shell run code or split words differently (a script sourced by every sh)",
            ["PROMPT_COMMAND"] = "makes the shell run code or split words differently (a command run before each prompt)",
            ["PS4"] = "makes the shell run code or split words differently (expanded, with command substitution, on every traced command)",
            ["SHELLOPTS"] = "makes the shell run code or split words differently (shell options for every bash)",
            ["BASHOPTS"] = "makes the shell run code or split words differently (shell options for every bash)",
            ["IFS"] = "makes the shell run code or split words differently",
            ["ZDOTDIR"] = "makes the shell run code or split words differently (the folder zsh reads its startup files from)",
            ["GCONV_PATH"] = "makes the dynamic loader load or search libraries it names in every process (glibc character-set converters)",
            ["GLIBC_TUNABLES"] = "changes glibc's loader and allocator behaviour in every process",
            ["OPENSSL_CONF"] = "makes OpenSSL read a configuration that can load engines (code) and change trust",
            ["OPENSSL_ENGINES"] = "makes OpenSSL load engine libraries from a folder it names",
            ["OPENSSL_MODULES"] = "makes OpenSSL load provider libraries from a folder it names",
            ["SSL_CERT_FILE"] = "changes which TLS certificates are trusted",
            ["SSL_CERT_DIR"] = "changes which TLS certificates are trusted",
            ["REQUESTS_CA_BUNDLE"] = "changes which TLS certificates are trusted for Python requests",
            ["CURL_CA_BUNDLE"] = "changes which TLS certificates are trusted for curl",
            ["GIT_SSH"] = "makes git run a command or read configuration it names (the ssh program)",
            ["GIT_SSH_COMMAND"] = "makes git run a command or read configuration it names (the ssh command)",
            ["GIT_EXEC_PATH"] = "makes git run a command or read configuration it names (the folder of its sub-commands)",
            ["GIT_ASKPASS"] = "makes git run a command or read configuration it names (the credential prompt program)",
            ["GIT_PROXY_COMMAND"] = "makes git run a command or read configuration it names (a proxy command)",
            ["GIT_EXTERNAL_DIFF"] = "makes git run a command or read configuration it names (the diff program)",
            ["GIT_TEMPLATE_DIR"] = "makes git run a command or read configuration it names (hooks copied into new repositories)",
            ["GIT_CONFIG"] = "makes git run a command or read configuration it names",
            ["GIT_CONFIG_GLOBAL"] = "makes git run a command or read configuration it names",
            ["GIT_CONFIG_SYSTEM"] = "makes git run a command or read configuration it names",
            ["GIT_SSL_NO_VERIFY"] = "turns off TLS certificate checks in git",
            ["GIT_SSL_CAINFO"] = "changes which TLS certificates are trusted for git",
            ["GIT_SSL_CAPATH"] = "changes which TLS certificates are trusted for git",
        };

        [Fact]
        public void Every_refused_name_says_what_it_injects_in_any_case()
        {
            Assert.Equal(InjectionNames.Keys.OrderBy(n => n, StringComparer.Ordinal), EnvironmentRules.RefusedNames.OrderBy(n => n, StringComparer.Ordinal));
            foreach (var (name, reason) in InjectionNames)
            {
                Assert.Equal(reason, EnvironmentRules.InjectionReason(name));
                Assert.Equal(reason, EnvironmentRules.InjectionReason(name.ToLowerInvariant()));
            }
        }

        [Fact]
        public void Every_reserved_name_says_why_it_is_the_hosts()
        {
            const string proxy = "points at the operator's egress proxy when the group has network: proxy; the proxy is chosen on the host, in ~/.config/agentspec/egress-proxy.json";
            var expected = new System.Collections.Generic.Dictionary<string, string>
            {
                ["SKILL_DATA_DIR"] = "points at the group's persistent skill-data folder",
                ["AGENTSPEC_GROUP_ID"] = "the id of the running group",
                ["AGENTSPEC_GROUP_FOLDER"] = "the folder of the running group",
                ["AGENTSPEC_MAIN"] = "whether the group is the main group",
                ["CLAUDE_CONFIG_DIR"] = "points at the host-managed .claude mount",
                ["HOME"] = "the container user's home, which holds the host-managed .claude mount",
                ["HTTPS_PROXY"] = proxy,
                ["HTTP_PROXY"] = proxy,
                ["NO_PROXY"] = proxy,
                ["https_proxy"] = proxy,
                ["http_proxy"] = proxy,
                ["no_proxy"] = proxy,
            };
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), HostManagedMounts.ReservedEnvironment.OrderBy(e => e.Key, StringComparer.Ordinal));
        }

        // ---- SessionNames ----

        [Fact]
        public void Session_refusals_are_written_out()
        {
            const string shape = "a session name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. default, chat-2, review_main)";
            Assert.Equal(shape, SessionNames.Shape);
            Assert.Equal("the session name is empty; " + shape, SessionNames.Refusal(""));
            Assert.Equal("the session name 'aaaaaaaaaaaaaaaaaaaa…' is 65 characters long; " + shape, SessionNames.Refusal(new string('a', 65)));
            Assert.Equal("the session name '-x' does not start with a letter or digit; " + shape, SessionNames.Refusal("-x"));
            Assert.Equal("the session name 'a\\u0007b' contains '\\u0007'; " + shape, SessionNames.Refusal("a\u0007b"));
            Assert.Equal("the session name 'a\\u007fb' contains '\\u007f'; " + shape, SessionNames.Refusal("a\u007fb"));
            Assert.Equal("the session name 'a\\u0085b' contains '\\u0085'; " + shape, SessionNames.Refusal("a\u0085b"));
            Assert.Equal("the session name 'a\\u200bb' contains '\\u200b'; " + shape, SessionNames.Refusal("a\u200bb"));
            Assert.Equal("the session name 'a\\u206fb' contains '\\u206f'; " + shape, SessionNames.Refusal("a\u206fb"));
            Assert.Equal("the session name 'a\\ud83d\\ude00' contains '\\ud83d'; " + shape, SessionNames.Refusal("a\ud83d\ude00"));
            Assert.Equal("the session name 'a\u2070b' contains '\u2070'; " + shape, SessionNames.Refusal("a\u2070b"));
            Assert.Equal("the session name 'a\u00a0b' contains '\u00a0'; " + shape, SessionNames.Refusal("a\u00a0b"));
            Assert.Equal("the session name 'Skill-Data' is reserved: 'skill-data' is the group's own data folder shared by all its sessions, never a session's /workspace; " + shape, SessionNames.Refusal("Skill-Data"));
            Assert.True(SessionNames.IsValid("a"));
            Assert.False(SessionNames.IsValid(null));
            Assert.Equal(64, SessionNames.MaxLength);
        }

        [Theory]
        [InlineData("a")]
        [InlineData("z")]
        [InlineData("A")]
        [InlineData("Z")]
        [InlineData("0")]
        [InlineData("9")]
        [InlineData("a.b_c-d")]
        [InlineData("Z9.-_")]
        public void Every_allowed_character_class_is_accepted(string name) => Assert.Null(SessionNames.Refusal(name));

        [Theory]
        [InlineData("@")]
        [InlineData("[")]
        [InlineData("`")]
        [InlineData("{")]
        [InlineData("/")]
        [InlineData(":")]
        [InlineData("a@")]
        [InlineData("a[")]
        [InlineData("a`")]
        [InlineData("a{")]
        [InlineData("a/")]
        [InlineData("a:")]
        [InlineData("a,")]
        public void Characters_next_to_the_allowed_ranges_are_refused(string name) => Assert.NotNull(SessionNames.Refusal(name));

        // ---- SharedFolders ----

        [Fact]
        public void Shared_folders_list_every_use_in_first_use_order()
        {
            static Mount M(string name, string source, bool ro) => new(name, source, "/workspace/extra/" + name, ro, MountOrigin.Operator);
            var plans = new[]
            {
                GroupPlan.Create("a", "A", "a", true, "img", null, Array.Empty<EnvVar>(), new[] { M("w", "~/shared", false), M("solo", "/srv/solo", true) }),
                GroupPlan.Create("b", "B", "b", false, "img", null, Array.Empty<EnvVar>(), new[] { M("r", "~/shared", true), M("docs", "/srv/docs", true) }),
                GroupPlan.Create("c", "C", "c", false, "img", null, Array.Empty<EnvVar>(), new[] { M("d1", "/srv/docs", true), M("d2", "/srv/docs", true) }),
            };
            var shared = SharedFolders.Find(plans);
            Assert.Equal(2, shared.Count);
            Assert.Equal("~/shared", shared[0].HostPath);
            Assert.Equal(new[] { ("a", "w", "rw"), ("b", "r", "ro") }, shared[0].Uses.Select(u => (u.GroupId, u.MountName, u.Mode)));
            Assert.True(shared[0].IsWritten);
            Assert.Equal("/srv/docs", shared[1].HostPath);
            Assert.Equal(new[] { ("b", "docs", "ro"), ("c", "d1", "ro"), ("c", "d2", "ro") }, shared[1].Uses.Select(u => (u.GroupId, u.MountName, u.Mode)));
            Assert.False(shared[1].IsWritten);
        }

        [Fact]
        public void One_group_mounting_a_folder_twice_is_not_sharing()
        {
            var plan = GroupPlan.Create("a", "A", "a", true, "img", null, Array.Empty<EnvVar>(), new[]
            {
                new Mount("x", "/srv/x", "/workspace/extra/x", true, MountOrigin.Operator),
                new Mount("y", "/srv/x", "/workspace/extra/y", false, MountOrigin.Operator),
            });
            Assert.Empty(SharedFolders.Find(new[] { plan }));
            Assert.Empty(SharedFolders.Find(new[] { plan, GroupPlan.Create("b", "B", "b", false, "img", null, Array.Empty<EnvVar>(), new[] { new Mount("x", "/srv/X", "/workspace/extra/x", true, MountOrigin.Operator) }) }));
        }

        // ---- GroupPlan.Create ----

        [Fact]
        public void A_plan_puts_the_host_variables_first_and_drops_reserved_and_loader_variables()
        {
            var plan = GroupPlan.Create(
                "g", "G", "f", false, "img", new[] { "s1" },
                new[] { new EnvVar("MODE", "quiet"), new EnvVar("HOME", "/tmp"), new EnvVar("AGENTSPEC_X", "1"), new EnvVar("LD_PRELOAD", "/x.so"), new EnvVar("ZED", "z") },
                Array.Empty<Mount>());
            Assert.Equal(
                new[] { ("SKILL_DATA_DIR", "/workspace/skill-data"), ("HOME", "/home/node"), ("AGENTSPEC_GROUP_ID", "g"), ("AGENTSPEC_GROUP_FOLDER", "f"), ("AGENTSPEC_MAIN", "false"), ("MODE", "quiet"), ("ZED", "z") },
                plan.Environment.Select(e => (e.Name, e.Value)));
            Assert.Equal("quiet", plan.GetEnvironment("MODE"));
            Assert.Equal("/home/node", plan.GetEnvironment("HOME"));
            Assert.Equal(new[] { "s1" }, plan.Skills!.Value);
            Assert.False(plan.AllSkills);
            Assert.Null(plan.User);
            Assert.Equal(ResourceLimits.Default, plan.Limits);
            Assert.Equal(NetworkMode.None, plan.Network);
            Expected.AssertHostManaged(plan.Mounts, new[] { "s1" });
        }

        [Fact]
        public void A_plan_keeps_the_declared_user_limits_and_network()
        {
            var plan = GroupPlan.Create("g", "G", "f", true, "img", null, Array.Empty<EnvVar>(), Array.Empty<Mount>(), new ContainerUser(5, 6), new ResourceLimits(64, 32 * Mi), NetworkMode.Proxy);
            Assert.True(plan.AllSkills);
            Assert.Equal(new ContainerUser(5, 6), plan.User);
            Assert.Equal(new ResourceLimits(64, 32 * Mi), plan.Limits);
            Assert.Equal(NetworkMode.Proxy, plan.Network);
            Assert.Equal("true", plan.GetEnvironment("AGENTSPEC_MAIN"));
            var again = GroupPlan.Create("g", "G", "f", true, "img", null, Array.Empty<EnvVar>(), Array.Empty<Mount>(), new ContainerUser(5, 6), new ResourceLimits(64, 32 * Mi), NetworkMode.Proxy);
            Assert.Equal(again, plan);
            Assert.NotEqual(again with { Network = NetworkMode.None }, plan);
        }
    }
}
