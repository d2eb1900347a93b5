using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AgentSpec.Generators.Tests;

public class IncrementalTests
{
    private static readonly string[] TrackedSteps = ["Files", "Compiled", "Collected", "Severities", "Diagnostics", "Plans"];

    [Fact]
    public void Editing_an_unrelated_CSharp_file_leaves_every_step_cached()
    {
        var (driver, compilation) = Driver.Run(Baselines.Input("valid.groups.yaml"));

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("public static class Program { public static int Answer => 42; }", path: "Program.cs"));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.TryGetValue(step, out var runs), $"step '{step}' was not tracked");
            var reasons = runs.SelectMany(r => r.Outputs).Select(o => o.Reason).ToArray();
            Assert.NotEmpty(reasons);
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step '{step}' ran again: {r}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void Editing_groups_yaml_reruns_the_compile_step()
    {
        var yaml = Baselines.Input("valid.groups.yaml");
        var original = new InMemoryAdditionalText(GeneratorTest.GroupsPath, yaml);
        var (driver, compilation) = Driver.Run(original);

        driver = driver.ReplaceAdditionalText(
            original,
            new InMemoryAdditionalText(GeneratorTest.GroupsPath, yaml.Replace("LOG_LEVEL: debug", "LOG_LEVEL: info")));
        driver = driver.RunGenerators(compilation);
        var compiled = driver.GetRunResult().Results.Single().TrackedSteps["Compiled"];
        Assert.Contains(compiled.SelectMany(r => r.Outputs), o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
    }
}
