using System.Linq;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0201–AGS0208 (container paths) and AGS0301–AGS0307 (host paths) of operator mounts.</summary>
    public class MountRuleTests
    {
        private static Diagnostics.Finding ContainerPath(string path, string id) =>
            AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", path)), id, 10, 24);

        private static Diagnostics.Finding HostPath(string path, string id) =>
            AssertSingle(Yaml.WithMounts(Yaml.Mount(path, "x")), id, 9, 19);

        [Theory]
        [InlineData("notes")]
        [InlineData("projects/webapp")]
        [InlineData("notes/")]
        [InlineData("a.b_c-d")]
        public void Relative_container_paths_are_clean(string path) => AssertClean(Yaml.WithMounts(Yaml.Mount("~/x", path)));

        [Theory]
        [InlineData("/data", "data")]
        [InlineData("/workspace/extra/notes", "notes")]
        [InlineData("/opt/tools/", "opt/tools")]
        public void Absolute_container_path_gets_the_relative_form(string path, string relative)
        {
            var f = ContainerPath(path, "AGS0201");
            Assert.Contains($"write the relative form '{relative}'", f.Message);
        }

        [Theory]
        [InlineData("a/../b", "..")]
        [InlineData("../x", "..")]
        [InlineData("./x", ".")]
        [InlineData("a/./b", ".")]
        [InlineData("./skill-data/", ".")]
        public void Dot_segments_in_container_path(string path, string segment) =>
            Assert.Contains($"'{segment}' segment", ContainerPath(path, "AGS0202").Message);

        [Theory]
        [InlineData("\"a:ro\"")]
        [InlineData("\"notes:rw\"")]
        public void Colon_in_container_path(string path) => ContainerPath(path, "AGS0203");

        [Theory]
        [InlineData("\"\"")]
        [InlineData("\"   \"")]
        public void Empty_container_path(string path) => ContainerPath(path, "AGS0204");

        [Theory]
        [InlineData("/workspace", "workspace")]
        [InlineData("/workspace/agent", "agent")]
        [InlineData("/workspace/agent/container.json", "container.json")]
        [InlineData("/workspace/skill-data", "skill-data")]
        [InlineData("/workspace/skill-data/", "skill-data")]
        [InlineData("/workspace/./skill-data/", "skill-data")]
        [InlineData("//app/./src", "src")]
        [InlineData("//workspace//global", "global")]
        [InlineData("/home/node/.claude", ".claude")]
        [InlineData("/app/skills", "skills")]
        [InlineData("/app/src/lib", "src")]
        [InlineData("/", "workspace")]
        public void Host_managed_container_paths_are_named(string path, string mount) =>
            Assert.Contains($"host-managed '{mount}' mount", ContainerPath(path, "AGS0205").Message);

        [Theory]
        [InlineData("skill-data")]
        [InlineData("skills")]
        [InlineData("agent/sub")]
        public void Container_path_named_like_a_host_managed_mount_warns(string path)
        {
            var f = ContainerPath(path, "AGS0602");
            Assert.Contains("/workspace/extra/", f.Message);
            Assert.False(Compile(Yaml.WithMounts(Yaml.Mount("~/x", path))).HasErrors);
        }

        [Theory]
        [InlineData("\"a\\\\b\"", "a/b")]
        [InlineData("'a\\b'", "a/b")]
        public void Backslash_in_container_path(string path, string hint) =>
            Assert.Contains($"'{hint}'", ContainerPath(path, "AGS0208").Message);

        [Theory]
        [InlineData("x")]
        [InlineData("x/")]
        [InlineData("x//")]
        public void Duplicate_container_path_after_normalisation(string second)
        {
            var f = AssertSingle(Yaml.WithMounts(Yaml.Mount("~/x", "x"), Yaml.Mount("~/y", second)), "AGS0206", 13, 24);
            Assert.Contains("line 10", f.Message);
        }

        [Fact]
        public void Same_container_path_in_two_groups_is_fine() =>
            AssertClean(Yaml.WithMounts(Yaml.Mount("~/x", "x")) + "  - id: b\n    folder: b\n    mounts:\n" + Yaml.Mount("~/x", "x"));

        [Fact]
        public void Nested_container_paths_warn_and_still_compile()
        {
            var text = Yaml.WithMounts(Yaml.Mount("~/x", "x"), Yaml.Mount("~/y", "x/y/z"));
            var f = AssertSingle(text, "AGS0207", 13, 24);
            Assert.Contains("line 10", f.Message);
            Assert.Equal(2, Compile(text).Plans[0].Mounts.Operator.Count());
        }

        [Fact]
        public void Siblings_with_a_common_prefix_are_not_nested() =>
            AssertClean(Yaml.WithMounts(Yaml.Mount("~/x", "notes"), Yaml.Mount("~/y", "notes2")));

        [Theory]
        [InlineData("~/projects/webapp", "~/projects/webapp")]
        [InlineData("/srv/data", "/srv/data")]
        [InlineData("/srv//data/./sub/", "/srv/data/sub")]
        [InlineData("~/.config/other", "~/.config/other")]
        [InlineData("~/.local/share", "~/.local/share")]
        public void Host_paths_are_normalised(string path, string normalized)
        {
            var plan = AssertClean(Yaml.WithMounts(Yaml.Mount(path, "x"))).Plans[0];
            Assert.Equal(normalized, plan.Mounts["x"]!.HostSource);
        }

        [Theory]
        [InlineData("projects/x")]
        [InlineData("./x")]
        [InlineData("x")]
        public void Relative_host_path(string path) => HostPath(path, "AGS0301");

        [Theory]
        [InlineData("~/.ssh", ".ssh")]
        [InlineData("~/.ssh/keys", ".ssh")]
        [InlineData("~/.gnupg", ".gnupg")]
        [InlineData("~/.aws", ".aws")]
        [InlineData("~/.azure", ".azure")]
        [InlineData("~/.gcloud", ".gcloud")]
        [InlineData("~/.kube", ".kube")]
        [InlineData("~/.docker", ".docker")]
        [InlineData("/srv/credentials", "credentials")]
        [InlineData("~/app/.env", ".env")]
        [InlineData("~/.netrc", ".netrc")]
        [InlineData("~/.npmrc", ".npmrc")]
        [InlineData("~/.pypirc", ".pypirc")]
        [InlineData("~/keys/id_rsa", "id_rsa")]
        [InlineData("~/keys/id_ed25519", "id_ed25519")]
        [InlineData("/srv/private_key", "private_key")]
        [InlineData("~/app/.secret", ".secret")]
        [InlineData("~/.SSH", ".ssh")]
        [InlineData("/home/alice/.aws/config", ".aws")]
        [InlineData("~/.config/agentspec", "~/.config/agentspec")]
        [InlineData("~/.config/agentspec/mount-allowlist.json", "~/.config/agentspec")]
        [InlineData("~/.config", "~/.config/agentspec")]
        [InlineData("~/.local/bin", "~/.local/bin")]
        [InlineData("~/.local", "~/.local/bin")]
        [InlineData("/home/alice/.local/bin", "~/.local/bin")]
        [InlineData("/home/alice/.config/agentspec", "~/.config/agentspec")]
        [InlineData("/var/run/docker.sock", "docker.sock")]
        [InlineData("/etc", "/etc")]
        [InlineData("/etc/nginx", "/etc")]
        [InlineData("/proc", "/proc")]
        [InlineData("/proc/1/root", "/proc")]
        [InlineData("/sys", "/sys")]
        [InlineData("/sys/fs/cgroup", "/sys")]
        [InlineData("/dev", "/dev")]
        [InlineData("/dev/shm", "/dev")]
        [InlineData("/boot", "/boot")]
        [InlineData("/boot/grub", "/boot")]
        [InlineData("/root", "/root")]
        [InlineData("/root/projects", "/root")]
        [InlineData("/var/lib/docker", "/var/lib/docker")]
        [InlineData("/var/lib/docker/volumes", "/var/lib/docker")]
        [InlineData("/var/lib", "/var/lib/docker")]
        [InlineData("/var/lib/containerd", "/var/lib/containerd")]
        [InlineData("/run/docker", "/run/docker")]
        [InlineData("/run/containerd", "/run")]
        [InlineData("/var/run", "/var/run")]
        [InlineData("~/keys/signing.gpg", ".gpg")]
        [InlineData("~/.gpg", ".gpg")]
        public void Blocked_host_paths(string path, string pattern) =>
            Assert.Contains($"blocked pattern '{pattern}'", HostPath(path, "AGS0302").Message);

        [Theory]
        [InlineData("/etcetera")]
        [InlineData("/srv/etc")]
        [InlineData("/srv/tc/x")]
        [InlineData("/procfs-data")]
        [InlineData("/srv/proc")]
        [InlineData("/system")]
        [InlineData("/devices")]
        [InlineData("/bootstrap")]
        [InlineData("/rooted")]
        [InlineData("/srv/root")]
        [InlineData("/var/lib/dockerfiles")]
        [InlineData("/srv/.local/binaries")]
        [InlineData("/runner")]
        [InlineData("~/projects/webapp")]
        public void Near_misses_of_blocked_locations_are_clean(string path) => AssertClean(Yaml.WithMounts(Yaml.Mount(path, "x")));

        [Theory]
        [InlineData("~/.config/", "~/.config/agentspec")]
        [InlineData("~/.local/", "~/.local/bin")]
        [InlineData("~/./.config/./agentspec/", "~/.config/agentspec")]
        [InlineData("~//.local//bin//", "~/.local/bin")]
        [InlineData("~/.ssh/", ".ssh")]
        [InlineData("~/./.ssh/.", ".ssh")]
        [InlineData("/./etc/", "/etc")]
        public void Trailing_slashes_and_dot_segments_normalise_onto_blocked_paths(string path, string pattern) =>
            Assert.Contains($"blocked pattern '{pattern}'", HostPath(path, "AGS0302").Message);

        [Theory]
        [InlineData("~/a/../.ssh")]
        [InlineData("/srv/../etc")]
        [InlineData("~/..")]
        public void Dot_dot_in_host_path(string path) => HostPath(path, "AGS0303");

        [Theory]
        [InlineData("~bob/x")]
        [InlineData("~root")]
        public void Other_users_home(string path) => HostPath(path, "AGS0304");

        [Theory]
        [InlineData("C:\\\\Users\\\\x")]
        [InlineData("'C:\\Users\\x'")]
        [InlineData("'D:/data'")]
        [InlineData("'\\\\server\\share'")]
        [InlineData("'~/projects\\webapp'")]
        [InlineData("'/srv\\data'")]
        public void Windows_paths_and_backslashes(string path) => HostPath(path, "AGS0305");

        [Theory]
        [InlineData("/")]
        [InlineData("\"~\"")]
        [InlineData("~/")]
        [InlineData("/./")]
        public void Whole_filesystem_or_home_is_too_broad(string path) => HostPath(path, "AGS0306");

        [Theory]
        [InlineData("\"/srv/a:b\"")]
        [InlineData("\"~/notes:ro\"")]
        public void Colon_in_host_path(string path) => HostPath(path, "AGS0307");
    }
}
