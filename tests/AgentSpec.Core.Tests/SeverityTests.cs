using System.Linq;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Options;
using static AgentSpec.Core.Tests.Check;

namespace AgentSpec.Core.Tests
{
    /// <summary>
    /// A severity setting never changes what compiles silently (issue 18): an error drops every plan, so lowering one
    /// must not leave a build that passes with no groups. AGS0407 is protected; AGS0008 guards any configurable error.
    /// </summary>
    public class SeverityTests
    {
        private const string LogFormat = "version: 1\ndefaults: {image: img}\ngroups:\n  - id: main\n    folder: main\n    main: true\n    env: {LOG-FORMAT: json}\n";

        [Theory]
        [InlineData("none")]
        [InlineData("warning")]
        [InlineData("suggestion")]
        public void Lowering_AGS0407_is_ignored_and_the_error_stays(string severity)
        {
            var options = CompileOptions.Read(key => key == "agentspec_diagnostic.AGS0407.severity" ? severity : null)
                .Then(CompileOptions.Read(key => key == "dotnet_diagnostic.AGS0407.severity" ? severity : null, CompileOptions.DotnetKeyPrefix));
            var result = Compile(LogFormat);
            var graded = options.Apply(result.Findings);
            Assert.Empty(result.Plans);
            var finding = Assert.Single(graded);
            Assert.Equal(("AGS0407", RuleSeverity.Error), (finding.Id, finding.Severity));
            Assert.True(Rules.InvalidEnvName.Protected);
        }

        [Fact]
        public void No_configurable_rule_is_an_error()
        {
            // Any error drops every plan; a configurable one would let .editorconfig turn a build into one with no groups.
            Assert.DoesNotContain(Rules.All, r => r.Severity == RuleSeverity.Error && !r.Protected);
        }

        [Theory]
        [InlineData("none")]
        [InlineData("warning")]
        [InlineData("suggestion")]
        public void An_error_lowered_below_error_adds_the_protected_AGS0008_at_its_place(string severity)
        {
            var lowered = CompileOptions.ParseSeverity(severity, RuleSeverity.Error);
            // A rule outside the catalogue stands for a future configurable error (none of today's is).
            var error = new Finding("AGS9999", RuleSeverity.Error, "some error", new SourceSpan(40, 3, 6, 2, 6, 5));
            var note = Rules.ReadonlyDefaulted.At(new SourceSpan(10, 1, 1, 0, 1, 1), "x");
            var options = new CompileOptions(new[] { new SeverityOverride("AGS9999", lowered) }.ToEquatableArray());

            var graded = options.Apply(new[] { note, error }.ToEquatableArray());

            var added = Assert.Single(graded, f => f.Id == "AGS0008");
            Assert.Equal(RuleSeverity.Error, added.Severity);
            Assert.Equal(error.Span, added.Span);
            Assert.Contains("AGS9999 was lowered from an error", added.Message);
            Assert.Contains("(some error)", added.Message);
            Assert.Contains("no groups at all", added.Message);
            Assert.True(Rules.LoweredErrorLeavesNoPlans.Protected);
        }

        [Fact]
        public void A_lowered_error_beside_another_error_adds_nothing()
        {
            var error = new Finding("AGS9999", RuleSeverity.Error, "some error", SourceSpan.FileStart);
            var other = Rules.HostPathBlocked.At(SourceSpan.FileStart, "~/.ssh", ".ssh", "SSH keys");
            var options = new CompileOptions(new[] { new SeverityOverride("AGS9999", null) }.ToEquatableArray());
            Assert.Equal(new[] { "AGS0302" }, options.Apply(new[] { error, other }.ToEquatableArray()).Select(f => f.Id));
        }
    }
}
