using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine: a group sees exactly the skills it declares. The host's skills folder holds a, b and c;
    /// a group declaring [a, b] lists and reads only a and b, 'all' sees every skill, an empty list sees none, and a
    /// declared skill whose folder is missing, a link or a file stops the spawn.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class SkillsTests : EngineTest
    {
        private const string Probe = "ls -A /app/skills | tr '\\n' ' '; echo; for s in a b c; do cat /app/skills/$s/SKILL.md 2>/dev/null || echo \"no $s\"; done; touch /app/skills/x 2>/dev/null && echo WROTE; mkdir /app/skills/c 2>/dev/null && echo MADE; true";

        public SkillsTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private string SkillsFolder => Path.Join(Host.DataRoot, "container", "skills");

        private void InstallSkills(params string[] names)
        {
            foreach (var name in names)
            {
                var folder = Directory.CreateDirectory(Path.Join(SkillsFolder, name)).FullName;
                File.WriteAllText(Path.Join(folder, "SKILL.md"), $"skill {name}\n");
            }

            for (var d = SkillsFolder; d.Length > Host.DataRoot.Length; d = Path.GetDirectoryName(d)!)
            {
                File.SetUnixFileMode(d, TestHost.SharedMode);
            }
        }

        private static GroupPlan Plan(string[]? skills) =>
            GroupPlan.Create("research", "Research", "research", false, TestHost.Image, skills, Array.Empty<EnvVar>(), Array.Empty<Mount>());

        private async Task<string> Run(GroupPlan plan)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var result = await Launcher.RunAsync(plan, new GroupRunOptions(Host.Options()) { Command = new[] { "sh", "-c", Probe } }, new GroupOutput(stdout, stderr));
            Assert.True(result.ExitCode == 0, stderr.ToString());
            return stdout.ToString();
        }

        [Fact]
        public async Task A_group_declaring_a_and_b_lists_and_reads_only_a_and_b()
        {
            InstallSkills("a", "b", "c");
            var output = await Run(Plan(new[] { "a", "b" }));
            Assert.Equal("a b \nskill a\nskill b\nno c\n", output);
        }

        [Fact]
        public async Task A_group_with_all_skills_sees_every_skill()
        {
            InstallSkills("a", "b", "c");
            var output = await Run(Plan(null));
            Assert.Equal("a b c \nskill a\nskill b\nskill c\n", output);
        }

        [Fact]
        public async Task A_group_with_an_empty_list_sees_no_skill()
        {
            InstallSkills("a", "b", "c");
            var output = await Run(Plan(Array.Empty<string>()));
            Assert.Equal("\nno a\nno b\nno c\n", output);
        }

        [Theory]
        [InlineData("missing", "does not exist")]
        [InlineData("link", "is a symbolic link to")]
        [InlineData("file", "is not a directory")]
        public async Task A_declared_skill_that_is_missing_a_link_or_a_file_stops_the_spawn(string kind, string reason)
        {
            InstallSkills("a", "c");
            var path = Path.Join(SkillsFolder, "b");
            if (kind == "link")
            {
                File.CreateSymbolicLink(path, Path.Join(SkillsFolder, "c"));
            }
            else if (kind == "file")
            {
                File.WriteAllText(path, "not a folder\n");
            }

            var e = await Assert.ThrowsAsync<HostCheckFailedException>(() => Run(Plan(new[] { "a", "b" })));
            Assert.Contains($"{path}", e.Message);
            Assert.Contains(reason, e.Message);
            Assert.Contains("remove 'b' from the skills: of group 'research'", e.Message);
            Assert.Empty(await Engine.ListAsync());
            Assert.False(kind == "missing" && Path.Exists(path), "group-init creates nothing in the skills folder");
        }
    }
}
