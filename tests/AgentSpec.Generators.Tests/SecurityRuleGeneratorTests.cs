using AgentSpec.Core.Checks;
using AgentSpec.Model;
using Xunit;

namespace AgentSpec.Generators.Tests;

/// <summary>AGS0414 and AGS0415 through the Roslyn generator: located errors, no plans, and no .editorconfig setting can silence them.</summary>
public class SecurityRuleGeneratorTests
{
    [Fact]
    public async Task Invalid_image_and_loader_variable_fail_the_build_even_when_configured_to_none()
    {
        const string yaml = "version: 1\ndefaults:\n  image: --privileged\ngroups:\n  - id: main\n    folder: main\n    main: true\n    env:\n      ld_preload: /workspace/skill-data/x.so\n";
        var expected = Baselines.Read("empty.CompiledGroups.g.cs", Driver.GeneratedText(Driver.Run(yaml).Driver));
        var test = new GeneratorTest(yaml)
            .WithGenerated(expected)
            .Expect("AGS0414", 3, 10, 3, 22, ImageReference.Refusal("--privileged")!)
            .Expect("AGS0415", 9, 7, 9, 17, "Environment variable 'ld_preload' makes the dynamic loader load or search libraries it names in every process (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT, ...); set from groups.yaml it would inject code or trust into the agent runner. Remove it: what the runner needs belongs in the image (an ENV line in its Dockerfile), which is built and reviewed as code");
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.yaml]\nagentspec_diagnostic.AGS0414.severity = none\nagentspec_diagnostic.AGS0415.severity = none\ndotnet_diagnostic.AGS0414.severity = none\ndotnet_diagnostic.AGS0415.severity = none\n"));
        await test.RunAsync();
    }
}
