using System;
using System.IO;
using System.Text;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>The credentials file is read like the allowlist (trusted, bounded, strict) and never shows a value.</summary>
    public sealed class CredentialFileTests : IDisposable
    {
        private const string Secret = "sk-ant-TESTSECRET-0123456789";

        private readonly TestHost _host = new();

        private string FilePath => DefaultLocations.Credentials(_host.Home, null);

        public void Dispose() => _host.Dispose();

        private static RuntimeError Malformed(string json) =>
            Assert.Throws<RuntimeError>(() => CredentialFile.Parse(Encoding.UTF8.GetBytes(json), "test.json", "/x/credentials.json"));

        private void Write(string json)
        {
            _host.WriteAllowlistAt(FilePath, json);
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        [Fact]
        public void The_default_location_is_beside_the_allowlist_and_follows_xdg()
        {
            Assert.Equal(Path.Join(_host.Home, ".config/agentspec/credentials.json"), DefaultLocations.Credentials(_host.Home, null));
            Assert.Equal("/cfg/agentspec/credentials.json", DefaultLocations.Credentials(_host.Home, "/cfg"));
            Assert.Equal(Path.Join(_host.Home, ".config/agentspec/credentials.json"), DefaultLocations.Credentials(_host.Home, "relative"));
        }

        [Fact]
        public void A_valid_file_is_read_and_a_credential_is_found_by_name()
        {
            Write($$"""{ "credentials": { "anthropic": { "header": "x-api-key", "value": "{{Secret}}" }, "github": { "value": "ghp_x" } } }""");
            var file = CredentialFile.Load(FilePath);
            Assert.True(file.Exists);
            Assert.Equal(new Credential("anthropic", "x-api-key", Secret), file.Find("anthropic"));
            Assert.Equal(new Credential("github", null, "ghp_x"), file.Find("github"));
            Assert.Null(file.Find("openai"));
            Assert.Equal(new[] { "anthropic", "github" }, file.Names);
            Assert.Equal(Path.GetFullPath(FilePath), file.Path);
        }

        [Fact]
        public void An_absent_file_means_no_credentials()
        {
            var file = CredentialFile.Load(FilePath);
            Assert.False(file.Exists);
            Assert.Null(file.Find("anthropic"));
        }

        [Fact]
        public void A_credential_prints_its_name_never_its_value()
        {
            var credential = new Credential("anthropic", "x-api-key", Secret);
            Assert.Equal("credential 'anthropic' (header x-api-key)", credential.ToString());
            Assert.DoesNotContain(Secret, $"{credential}");
        }

        [Theory]
        [InlineData("""{ "credentials": {}, "extra": 1 }""", "unknown key 'extra'")]
        [InlineData("""{ "credentials": { "a": { "value": "x" }, "a": { "value": "y" } } }""", "duplicate key 'a'")]
        [InlineData("""{ }""", "credentials is missing")]
        [InlineData("""{ "credentials": [] }""", "credentials must be an object")]
        [InlineData("""{ "credentials": { "a": "x" } }""", "credentials.a must be an object")]
        [InlineData("""{ "credentials": { "a": { "header": "x-api-key" } } }""", "credentials.a.value is missing")]
        [InlineData("""{ "credentials": { "a": { "value": "" } } }""", "credentials.a.value must be a non-empty string")]
        [InlineData("""{ "credentials": { "a": { "value": "x", "hedaer": "h" } } }""", "unknown key 'hedaer'")]
        [InlineData("""{ "credentials": { "a": { "value": "x", "header": "x api key" } } }""", "must be an HTTP header name")]
        [InlineData("""{ "credentials": { "a": { "value": "x", "header": "Host" } } }""", "frames or routes the request")]
        [InlineData("""{ "credentials": { "Bad Name": { "value": "x" } } }""", "'Bad Name' is not a credential name")]
        [InlineData("""{ "credentials": { "a": { "value": "x" } """, "not valid JSON")]
        public void Malformed_files_are_refused_naming_the_problem_and_the_fix(string json, string problem)
        {
            var error = Malformed(json);
            Assert.Contains(problem, error.Message);
            Assert.Contains("\"header\": \"x-api-key\"", error.Message);
        }

        [Fact]
        public void Every_problem_is_listed_at_once_and_no_value_is_echoed()
        {
            var error = Malformed($$"""{ "credentials": { "a": { "value": "{{Secret}}\r\nX-Evil: 1" }, "b": { "value": 3 }, "c": { "value": "{{Secret}}", "header": "Content-Length" } } }""");
            Assert.Contains("credentials.a.value has a control character", error.Message);
            Assert.Contains("credentials.b.value must be a non-empty string", error.Message);
            Assert.Contains("credentials.c.header 'Content-Length' frames or routes", error.Message);
            Assert.DoesNotContain("TESTSECRET", error.Message);
        }

        [Fact]
        public void A_file_others_can_read_or_write_is_not_trusted_as_the_allowlist_is()
        {
            Write("""{ "credentials": {} }""");
            File.SetUnixFileMode(FilePath, TestHost.FileMode | UnixFileMode.OtherWrite);
            var error = Assert.Throws<RuntimeError>(() => CredentialFile.Load(FilePath));
            Assert.Contains("the credentials file", error.Message);
            Assert.Contains("is not trusted", error.Message);
        }

        [Fact]
        public void A_file_others_can_read_is_refused_without_showing_a_value()
        {
            Write($$"""{ "credentials": { "a": { "value": "{{Secret}}" } } }""");
            File.SetUnixFileMode(FilePath, TestHost.FileMode);
            var error = Assert.Throws<RuntimeError>(() => CredentialFile.Load(FilePath));
            Assert.Contains("its group or others may read it (mode 644); run chmod 600", error.Message);
            Assert.DoesNotContain(Secret, error.Message);
        }

        [Fact]
        public void A_file_inside_a_folder_a_container_can_write_is_refused()
        {
            Write("""{ "credentials": {} }""");
            var folder = Path.GetDirectoryName(FilePath)!;
            var writable = new[] { new WritableFolder(folder, "main", "notes") };
            var error = Assert.Throws<RuntimeError>(() => CredentialFile.Load(FilePath, writable));
            Assert.Contains("lies inside", error.Message);
        }

        [Fact]
        public void A_huge_file_is_refused_without_reading()
        {
            var big = Path.Join(_host.Root, "big.json");
            using (var f = File.Create(big))
            {
                f.SetLength(10L * 1024 * 1024);
            }

            File.SetUnixFileMode(big, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Contains("more than the 262144 bytes", Assert.Throws<RuntimeError>(() => CredentialFile.Load(big)).Message);
        }

        [Fact]
        public void Egress_names_a_missing_credential_or_one_without_a_header()
        {
            Write("""{ "credentials": { "github": { "value": "ghp_x" } } }""");
            var file = CredentialFile.Load(FilePath);
            var rules = new[] { new EgressRule("api.anthropic.com", 443, "anthropic"), new EgressRule("api.github.com", 443, "github"), new EgressRule("x.test", 443, null) };
            var error = Assert.Throws<RuntimeError>(() => file.RequireForEgress(rules, "group 'main'"));
            Assert.Contains("credential 'anthropic' is not in " + file.Path, error.Message);
            Assert.Contains("credential 'github' in " + file.Path + " has no header", error.Message);
            Assert.Contains("\"credentials\"", error.Message);
            file.RequireForEgress(new[] { new EgressRule("x.test", 443, null) }, "group 'main'");
        }

        [Fact]
        public void An_absent_file_says_so_when_egress_needs_a_credential()
        {
            var file = CredentialFile.Load(FilePath);
            var error = Assert.Throws<RuntimeError>(() => file.RequireForEgress(new[] { new EgressRule("a.test", 443, "anthropic") }, "group 'main'"));
            Assert.Contains("(there is no such file)", error.Message);
        }
    }
}
