using AgentSpec.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AgentSpec.Generators.Tests;

public class GeneratorOutputTests
{
    [Fact]
    public async Task Valid_file_with_anchors_generates_the_baseline_plans()
    {
        var yaml = Baselines.Input("valid.groups.yaml");
        var actual = Driver.GeneratedText(Driver.Run(yaml).Driver);
        var expected = Baselines.Read("valid.CompiledGroups.g.cs", actual);

        Assert.Equal(expected.ReplaceLineEndings(), actual.ReplaceLineEndings());

        // The harness also compiles the output and checks that no diagnostic is reported.
        await new GeneratorTest(yaml).WithGenerated(expected).RunAsync();
    }

    [Fact]
    public async Task File_with_errors_generates_an_empty_index_and_only_AGS_errors()
    {
        var yaml = "version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    mounts:\n      - hostPath: ~/.ssh\n        containerPath: keys\n        readonly: true\n";
        var expected = Baselines.Read("empty.CompiledGroups.g.cs", Driver.GeneratedText(Driver.Run(yaml).Driver));
        await new GeneratorTest(yaml)
            .WithGenerated(expected)
            .Expect("AGS0302", 9, 19, 9, 25, "hostPath '~/.ssh' matches the blocked pattern '.ssh' (SSH keys); it can never be mounted into an agent container. Mount a folder that holds no credentials")
            .RunAsync();
    }

    [Fact]
    public void Emitted_plans_load_and_keep_every_host_managed_mount_first()
    {
        var (driver, compilation) = Driver.Run(Baselines.Input("valid.groups.yaml"));
        var output = compilation.AddSyntaxTrees(driver.GetRunResult().GeneratedTrees);
        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));

        var assembly = System.Reflection.Assembly.Load(stream.ToArray());
        var all = (IReadOnlyList<GroupPlan>)assembly.GetType("AgentSpec.Generated.CompiledGroups")!.GetProperty("All")!.GetValue(null)!;

        Assert.Equal(["main", "research-bot"], all.Select(p => p.Id));
        foreach (var plan in all)
        {
            // Written out in Expected.cs, not read from HostManagedMounts.Table: a re-moded or moved entry there must fail here too.
            // A list of skills: /app/skills is a tmpfs with one read-only bind per skill (research-bot: web-search, summarize).
            AgentSpec.Core.Tests.Expected.AssertHostManaged(plan.Mounts.HostManaged, plan.Skills);
            Assert.Equal("/workspace/skill-data", plan.GetEnvironment("SKILL_DATA_DIR"));
            var skillData = plan.Mounts["skill-data"]!;
            Assert.False(skillData.ReadOnly);
            Assert.Equal("/workspace/skill-data", skillData.ContainerPath);
        }

        var research = all[1];
        var docs = Assert.Single(research.Mounts.Operator);
        Assert.Equal(new Mount("reference/docs", "/srv/docs", "/workspace/extra/reference/docs", true, MountOrigin.Operator), docs);
        Assert.Equal("agentspec/research:1.2", research.Image);
        Assert.Equal(["web-search", "summarize"], research.Skills!.Value);
        Assert.True(all[0].AllSkills);
    }

    [Fact]
    public void A_plan_whose_host_managed_mounts_were_altered_is_refused()
    {
        var altered = HostManagedMounts.Table.Select(m => m.Name == "global" ? m with { ReadOnly = false } : m).ToArray();
        var ex = Assert.Throws<InvalidOperationException>(() => MountSet.FromCompiled(altered));
        Assert.Contains("host-managed", ex.Message);

        var missing = HostManagedMounts.Table.Where(m => m.Name != "skill-data").ToArray();
        Assert.Throws<InvalidOperationException>(() => MountSet.FromCompiled(missing));
    }
}
