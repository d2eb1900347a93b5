using System.Linq;
using AgentSpec.Core.Checks;
using AgentSpec.Model;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0414 (image references), AGS0415 (loader and runtime variables) and the plain-only merge key: each attack, compiled.</summary>
    public class SecurityRuleTests
    {
        private const string Digest = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        // ---- AGS0415 ----

        [Theory]
        [InlineData("LD_PRELOAD")]
        [InlineData("LD_LIBRARY_PATH")]
        [InlineData("LD_AUDIT")]
        [InlineData("ld_preload")]
        [InlineData("Ld_Preload")]
        [InlineData("DYLD_INSERT_LIBRARIES")]
        [InlineData("NODE_OPTIONS")]
        [InlineData("node_options")]
        [InlineData("NODE_PATH")]
        [InlineData("NODE_EXTRA_CA_CERTS")]
        [InlineData("PATH")]
        [InlineData("path")]
        [InlineData("DOCKER_HOST")]
        [InlineData("DOCKER_CONFIG")]
        [InlineData("PYTHONPATH")]
        [InlineData("PYTHONSTARTUP")]
        [InlineData("PYTHONHOME")]
        [InlineData("PERL5LIB")]
        [InlineData("PERL5OPT")]
        [InlineData("RUBYOPT")]
        [InlineData("RUBYLIB")]
        [InlineData("BASH_ENV")]
        [InlineData("ENV")]
        [InlineData("PROMPT_COMMAND")]
        [InlineData("IFS")]
        [InlineData("GCONV_PATH")]
        [InlineData("JAVA_TOOL_OPTIONS")]
        [InlineData("_JAVA_OPTIONS")]
        [InlineData("JDK_JAVA_OPTIONS")]
        [InlineData("SSL_CERT_FILE")]
        [InlineData("SSL_CERT_DIR")]
        [InlineData("GIT_SSH")]
        [InlineData("GIT_SSH_COMMAND")]
        [InlineData("GIT_EXEC_PATH")]
        [InlineData("GIT_CONFIG_COUNT")]
        [InlineData("GIT_CONFIG_KEY_0")]
        [InlineData("GIT_CONFIG_GLOBAL")]
        [InlineData("npm_config_script_shell")]
        [InlineData("OPENSSL_CONF")]
        public void Loader_and_runtime_variables_are_refused_with_what_they_inject_and_the_fix(string name)
        {
            var f = AssertSingle(Yaml.Head + $"    env:\n      {name}: /workspace/extra/tools/hook\n", "AGS0415", 9, 7);
            Assert.StartsWith($"Environment variable '{name}' ", f.Message);
            Assert.Contains(EnvironmentRules.InjectionReason(name)!, f.Message);
            Assert.Contains("inject code or trust into the agent runner", f.Message);
            Assert.Contains("Remove it", f.Message);
            Assert.Contains("ENV line in its Dockerfile", f.Message);
            Assert.True(Diagnostics.Rules.InjectionEnvName.Protected);
            Assert.Equal("AgentSpec.Security", Diagnostics.Rules.InjectionEnvName.Category);
        }

        [Fact]
        public void A_merged_in_loader_variable_is_refused_too()
        {
            var text = "version: 1\nx-env: &e {LD_PRELOAD: /x.so}\ndefaults: {image: img}\ngroups:\n  - id: main\n    folder: main\n    main: true\n    env:\n      <<: *e\n";
            var result = Compile(text);
            Assert.Contains(result.Findings, f => f.Id == "AGS0415");
            Assert.Empty(result.Plans);
        }

        [Theory]
        [InlineData("LOG_LEVEL")]
        [InlineData("NODE_ENV")]
        [InlineData("GIT_AUTHOR_NAME")]
        [InlineData("TZ")]
        [InlineData("PATHNAME")]
        [InlineData("MY_LD_PRELOAD")]
        [InlineData("ENVIRONMENT")]
        public void Ordinary_variables_that_only_look_alike_are_accepted(string name)
        {
            var plan = AssertClean(Yaml.Head + $"    env:\n      {name}: x\n").Plans[0];
            Assert.Equal("x", plan.GetEnvironment(name));
        }

        [Fact]
        public void GroupPlan_Create_never_carries_a_loader_variable()
        {
            var plan = GroupPlan.Create("main", "Main", "main", true, "img", null, new[] { new EnvVar("LD_PRELOAD", "/x.so"), new EnvVar("path", "/evil"), new EnvVar("LOG_LEVEL", "info") }, new Mount[0]);
            Assert.Null(plan.GetEnvironment("LD_PRELOAD"));
            Assert.Null(plan.GetEnvironment("path"));
            Assert.Equal("info", plan.GetEnvironment("LOG_LEVEL"));
        }

        // ---- AGS0414 ----

        [Theory]
        [InlineData("busybox")]
        [InlineData("img")]
        [InlineData("agentspec/agent:latest")]
        [InlineData("localhost:5000/a/b:1.2")]
        [InlineData("localhost/a")]
        [InlineData("ghcr.io/o/r@sha256:" + Digest)]
        [InlineData("registry.example.com:443/team/agent:v1.2-rc_3@sha256:" + Digest)]
        [InlineData("Registry.Example.COM/a")]
        [InlineData("[::1]:5000/a:b")]
        [InlineData("a__b/c-d.e/f---g:Tag_1")]
        [InlineData("agent:LATEST")]
        public void Valid_image_references_pass(string image)
        {
            Assert.Null(ImageReference.Problem(image));
            AssertClean($"version: 1\ndefaults:\n  image: '{image}'\ngroups:\n  - id: main\n    folder: main\n    main: true\n");
        }

        [Theory]
        [InlineData("--privileged", "starts with '-'")]
        [InlineData("-x", "starts with '-'")]
        [InlineData("../../etc", "'..'")]
        [InlineData("UPPER/case", "uppercase")]
        [InlineData("a b", "whitespace")]
        [InlineData("a/", "empty path component")]
        [InlineData("/a", "empty path component")]
        [InlineData("a//b", "empty path component")]
        [InlineData("agent:", "tag ''")]
        [InlineData("agent:.x", "tag '.x'")]
        [InlineData("agent@sha256:abc", "64")]
        [InlineData("agent@md5:0123456789abcdef0123456789abcdef", "digest")]
        [InlineData("agent@sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "lowercase hex")]
        [InlineData("@sha256:" + Digest, "no repository name")]
        [InlineData("localhost:port/a", "port")]
        [InlineData("bad_host.com/a", "registry")]
        [InlineData("a_", "not valid")]
        [InlineData("a..b", "not valid")]
        public void Invalid_image_references_are_refused_with_the_reason_and_a_valid_example(string image, string reason)
        {
            var problem = ImageReference.Problem(image);
            Assert.NotNull(problem);
            Assert.Contains(reason, problem);

            var f = AssertSingle($"version: 1\ndefaults:\n  image: '{image}'\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "AGS0414", 3, 10);
            Assert.Equal($"Image '{image}' is not a valid Docker image reference: {problem}. Write [registry[:port]/]name[:tag][@sha256:<64 hex digits>], e.g. '{(image == "UPPER/case" ? "upper/case" : "agentspec/agent:latest")}'", f.Message);
        }

        [Fact]
        public void A_long_name_is_refused()
        {
            var name = "registry.example.com/" + new string('a', 234);
            Assert.Equal(255, name.Length);
            Assert.Null(ImageReference.Problem(name + ":tag"));
            Assert.Contains("256 characters long, more than Docker's limit of 255", ImageReference.Problem(name + "a:tag"));
        }

        [Fact]
        public void Uppercase_repository_gets_its_lowercase_form_as_the_example_and_the_tag_keeps_its_case()
        {
            var f = AssertSingle(Yaml.Head + "    image: Agentspec/Agent:V1\n", "AGS0414", 8, 12);
            Assert.EndsWith("e.g. 'agentspec/agent:V1'", f.Message);
            Assert.Null(ImageReference.Problem("agentspec/agent:V1"));
        }

        [Fact]
        public void Group_image_and_default_image_are_both_checked()
        {
            var result = Compile("version: 1\ndefaults: {image: '--privileged'}\ngroups:\n  - id: main\n    folder: main\n    main: true\n    image: ../../etc\n");
            AssertHas(result, "AGS0414", 2, 19);
            Assert.Equal(2, result.Findings.Count(f => f.Id == "AGS0414"));
            Assert.Empty(result.Plans);
        }

        [Fact]
        public void The_run_time_refusal_uses_the_same_words() =>
            Assert.Equal(
                "Image '--privileged' is not a valid Docker image reference: it starts with '-', which command-line tools read as an option. Write [registry[:port]/]name[:tag][@sha256:<64 hex digits>], e.g. 'agentspec/agent:latest'",
                ImageReference.Refusal("--privileged"));

        [Fact]
        public void Empty_image_is_reported_once_by_the_schema() =>
            AssertSingle("version: 1\ndefaults: {image: ''}\ngroups:\n  - id: main\n    folder: main\n    main: true\n", "AGS0105", 2, 19);

        // ---- Merge keys ----

        private const string SneakyMount =
            "version: 1\n" +
            "x-extra: &extra\n" +
            "  mounts:\n" +
            "    - hostPath: ~/projects/webapp\n" +
            "      containerPath: sneaky\n" +
            "      readonly: false\n" +
            "defaults: {image: img}\n" +
            "groups:\n" +
            "  - id: main\n" +
            "    folder: main\n" +
            "    main: true\n";

        [Theory]
        [InlineData("    \"<<\": *extra\n", 5)]
        [InlineData("    '<<': *extra\n", 5)]
        [InlineData("    !!str <<: *extra\n", 5)]
        [InlineData("    ? \"<<\"\n    : *extra\n", 7)]
        public void A_quoted_merge_key_is_an_ordinary_key_and_never_merges_a_mount(string key, int column)
        {
            var result = Compile(SneakyMount + key);
            var f = AssertHas(result, "AGS0101", 12, column);
            Assert.Contains("'<<'", f.Message);
            Assert.Empty(result.Plans);

            // The same file without the key compiles, and its plan has no 'sneaky' mount: nothing was merged.
            var plan = AssertClean(SneakyMount).Plans.Single();
            Assert.DoesNotContain(plan.Mounts, m => m.Name == "sneaky");
        }

        [Fact]
        public void A_quoted_merge_key_in_a_flow_mapping_never_merges_either()
        {
            var result = Compile("version: 1\nx-m: &m {readonly: false}\ndefaults: {image: img}\ngroups:\n  - id: main\n    folder: main\n    main: true\n    mounts:\n      - {hostPath: ~/a, containerPath: a, \"<<\": *m}\n");
            Assert.Contains(result.Findings, f => f.Id == "AGS0101" && f.Message.Contains("'<<'"));
            Assert.Empty(result.Plans);
        }

        [Theory]
        [InlineData("    <<: *extra\n")]
        [InlineData("    !!merge <<: *extra\n")]
        public void A_plain_or_explicitly_tagged_merge_key_merges(string key)
        {
            var plan = Compile(SneakyMount + key).Plans.Single();
            var mount = Assert.Single(plan.Mounts.Operator);
            Assert.Equal("/workspace/extra/sneaky", mount.ContainerPath);
        }
    }
}
