using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AgentSpec.Generators.Tests;

/// <summary>AGS0412/AGS0413 are protected: neither .editorconfig nor a global config can silence or downgrade them.</summary>
public class ProtectedRuleTests
{
    private const string Yaml =
        "version: 1\ndefaults:\n  image: img\ngroups:\n  - id: main\n    folder: main\n    main: true\n" +
        "    user: \"0:0\"\n" +
        "    limits:\n      pids: 0\n" +
        "    mounts:\n      - hostPath: ~/x\n        containerPath: x\n";

    [Theory]
    [InlineData("none")]
    [InlineData("suggestion")]
    [InlineData("warning")]
    public async Task Root_user_and_unlimited_pids_stay_errors_whatever_the_config_says(string severity)
    {
        var test = new GeneratorTest(Yaml)
            .WithGenerated(Baselines.Read("empty.CompiledGroups.g.cs", Driver.GeneratedText(Driver.Run(Yaml).Driver)))
            .Expect("AGS0412", 8, 11, 8, 16, "user '0:0' is uid 0 (root); write a numeric non-root user as \"UID:GID\", e.g. \"1000:1000\", or leave 'user' out to run as the invoking user (1000:1000 when agentspec runs as root)")
            .Expect("AGS0413", 10, 13, 10, 14, "limits.pids '0' is below 16 (0 and -1 would mean unlimited); write a whole number from 16 to 65536, e.g. 512 (the default)");

        // The same file also silences AGS0601 (the note for the mount without 'readonly'), which is configurable:
        // its absence from the expected diagnostics shows the configuration was read.
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", SourceText.From(
            $"root = true\n[*.yaml]\nagentspec_diagnostic.AGS0412.severity = {severity}\nagentspec_diagnostic.AGS0413.severity = {severity}\nagentspec_diagnostic.AGS0601.severity = none\n")));
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", SourceText.From(
            $"is_global = true\ndotnet_diagnostic.AGS0412.severity = {severity}\ndotnet_diagnostic.AGS0413.severity = {severity}\n")));

        await test.RunAsync();
    }
}
