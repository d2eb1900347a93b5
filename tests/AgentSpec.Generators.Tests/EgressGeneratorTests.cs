using AgentSpec.Model;
using Xunit;

namespace AgentSpec.Generators.Tests;

/// <summary>The emitted plans carry each group's egress and the gateway network, exactly as the compiler decided them.</summary>
public class EgressGeneratorTests
{
    [Fact]
    public async Task Egress_file_generates_the_baseline_plans()
    {
        var yaml = Baselines.Input("egress.groups.yaml");
        var actual = Driver.GeneratedText(Driver.Run(yaml).Driver);
        var expected = Baselines.Read("egress.CompiledGroups.g.cs", actual);

        Assert.Equal(expected.ReplaceLineEndings(), actual.ReplaceLineEndings());
        await new GeneratorTest(yaml).WithGenerated(expected).RunAsync();
    }

    [Fact]
    public void Emitted_plans_carry_egress_and_the_gateway_network()
    {
        var all = Driver.EmittedPlans(Baselines.Input("egress.groups.yaml"));

        var main = all.Single(p => p.Id == "main");
        Assert.Equal(NetworkMode.Gateway, main.Network);
        Assert.False(main.EgressFromDefaults);
        Assert.Equal(
            [new EgressRule("api.anthropic.com", 443, "anthropic"), new EgressRule("*.github.com", 443, null), new EgressRule("git.internal.example", 8443, null) { AllowPrivate = true }],
            main.Egress);

        var helper = all.Single(p => p.Id == "helper");
        Assert.Equal(NetworkMode.Gateway, helper.Network);
        Assert.True(helper.EgressFromDefaults);
        Assert.Equal([new EgressRule("pypi.org", 443, null)], helper.Egress);

        var offline = all.Single(p => p.Id == "offline");
        Assert.Equal(NetworkMode.None, offline.Network);
        Assert.Empty(offline.Egress);

        // The same plans as the compiler builds for `check` and the views: one model.
        Assert.Equal(AgentSpec.Core.GroupsCompiler.Compile(Baselines.Input("egress.groups.yaml")).Plans, all);
    }

    [Fact]
    public async Task A_bare_wildcard_is_a_located_error_and_no_plan_is_emitted()
    {
        var yaml = "version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n    egress:\n      - host: \"*\"\n";
        var expected = Baselines.Read("empty.CompiledGroups.g.cs", Driver.GeneratedText(Driver.Run(yaml).Driver));
        await new GeneratorTest(yaml)
            .WithGenerated(expected)
            .Expect("AGS0701", 9, 15, 9, 18, "Egress host '*' matches every host on the internet; name the hosts the agent needs, e.g. host: api.example.com, or a wildcard below a domain you trust, e.g. host: \"*.example.com\"")
            .RunAsync();
    }
}
