using System.Collections.Generic;
using AgentSpec.Core.Checks;
using AgentSpec.Core.Diagnostics;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>AGS0201–AGS0205, AGS0208, AGS0602 called directly: every branch, with the whole message and the normalised result.</summary>
    public class ContainerPathTests
    {
        private static (string? Result, List<Finding> Findings) Check(string value)
        {
            var findings = new List<Finding>();
            return (ContainerPathRules.Check(new Located<string>(value, default), findings), findings);
        }

        private static void Refused(string value, string id, string message)
        {
            var (result, findings) = Check(value);
            Assert.Null(result);
            var f = Assert.Single(findings);
            Assert.Equal((id, message), (f.Id, f.Message));
        }

        [Theory]
        [InlineData("notes", "notes")]
        [InlineData("notes/", "notes")]
        [InlineData("a//b/", "a/b")]
        [InlineData("a/b/c", "a/b/c")]
        [InlineData("..x", "..x")]
        [InlineData("x.", "x.")]
        [InlineData(".hidden", ".hidden")]
        [InlineData(" x", " x")]
        public void Relative_paths_are_normalised(string value, string normalized)
        {
            var (result, findings) = Check(value);
            Assert.Equal(normalized, result);
            Assert.Empty(findings);
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("\t ")]
        public void Empty_paths(string value) =>
            Refused(value, "AGS0204", "containerPath is empty; name the folder under /workspace/extra/ where the mount should appear, e.g. containerPath: notes");

        [Theory]
        [InlineData("/workspace/extra/notes", "notes")]
        [InlineData("/workspace/extra//notes/", "notes")]
        [InlineData("/workspace/extra/a/b", "a/b")]
        [InlineData("/opt/tools/", "opt/tools")]
        [InlineData("/app", "app")]
        [InlineData("/home/node", "home/node")]
        public void Absolute_paths_get_the_relative_form(string value, string relative) =>
            Refused(value, "AGS0201", $"containerPath '{value}' is absolute; operator mounts always land under /workspace/extra/, so write the relative form '{relative}' (it lands at /workspace/extra/{relative})");

        [Theory]
        [InlineData("/workspace", "/workspace", "workspace", "workspace")]
        [InlineData("/workspace/extras", "/workspace", "workspace", "extras")]
        [InlineData("/workspace/extra", "/workspace/extra", "extra", "extra")]
        [InlineData("/workspace/extra/", "/workspace/extra", "extra", "extra")]
        [InlineData("/workspace/agent/container.json", "/workspace/agent/container.json", "container.json", "container.json")]
        [InlineData("/workspace/./skill-data/x", "/workspace/skill-data", "skill-data", "x")]
        [InlineData("/home/node/.claude/a", "/home/node/.claude", ".claude", "a")]
        [InlineData("/app/src", "/app/src", "src", "src")]
        [InlineData("//", "/", "workspace", "notes")]
        [InlineData("/", "/", "workspace", "notes")]
        public void Paths_onto_host_managed_mounts_name_the_mount(string value, string target, string mount, string suggestion) =>
            Refused(value, "AGS0205", $"containerPath '{value}' targets {target}, the host-managed '{mount}' mount; host-managed mounts cannot be replaced, moved or shadowed. Choose a relative path under /workspace/extra/, e.g. '{suggestion}'");

        [Fact]
        public void A_near_miss_of_the_workspace_root_is_just_absolute() =>
            Refused("/workspace2", "AGS0201", "containerPath '/workspace2' is absolute; operator mounts always land under /workspace/extra/, so write the relative form 'workspace2' (it lands at /workspace/extra/workspace2)");

        [Theory]
        [InlineData("./x", ".")]
        [InlineData("x/.", ".")]
        [InlineData("../x", "..")]
        [InlineData("x/..", "..")]
        [InlineData("a/./../b", ".")]
        [InlineData("/workspace/../etc", "..")]
        [InlineData("/workspace/extra/./x", ".")]
        [InlineData("/.", ".")]
        public void Dot_segments_are_refused(string value, string segment) =>
            Refused(value, "AGS0202", $"containerPath '{value}' contains a '{segment}' segment; write a plain relative path such as 'notes' or 'projects/webapp' without '.' or '..'");

        [Theory]
        [InlineData("a:b")]
        [InlineData("/workspace:ro")]
        public void Colons_are_refused(string value) =>
            Refused(value, "AGS0203", $"containerPath '{value}' contains ':', which Docker reads as a mount option separator; remove the ':' (use readonly: for the mode)");

        [Theory]
        [InlineData("a\\b", "a/b")]
        [InlineData("\\a\\", "a")]
        [InlineData("a:\\b", "a:/b")]
        public void Backslashes_are_refused_with_the_slash_form(string value, string hint) =>
            Refused(value, "AGS0208", $"containerPath '{value}' contains '\\'; container paths use '/' separators, e.g. '{hint}'");

        [Theory]
        [InlineData("skill-data", "skill-data", "/workspace/skill-data")]
        [InlineData("skills/x", "skills", "/app/skills")]
        [InlineData("src", "src", "/app/src")]
        [InlineData("agent", "agent", "/workspace/agent")]
        [InlineData("container.json", "container.json", "/workspace/agent/container.json")]
        [InlineData(".claude/x", ".claude", "/home/node/.claude")]
        [InlineData("global", "global", "/workspace/global")]
        [InlineData("workspace", "workspace", "/workspace")]
        [InlineData("extra", "extra", "/workspace/extra")]
        public void Names_of_host_managed_mounts_warn_and_are_kept(string value, string mount, string target)
        {
            var (result, findings) = Check(value);
            Assert.Equal(value, result);
            var f = Assert.Single(findings);
            Assert.Equal(("AGS0602", $"containerPath '{value}' lands at /workspace/extra/{value}, not at the host-managed '{mount}' mount ({target}); rename it if you meant something else"), (f.Id, f.Message));
        }

        [Fact]
        public void A_host_managed_name_deeper_in_the_path_does_not_warn() => Assert.Empty(Check("notes/skills").Findings);

        [Fact]
        public void Through_the_compiler_the_normalised_path_is_the_mount_name() =>
            Assert.Equal("/workspace/extra/a/b", AssertClean(Yaml.WithMounts(Yaml.Mount("~/x", "a//b/"))).Plans[0].Mounts["a/b"]!.ContainerPath);
    }
}
