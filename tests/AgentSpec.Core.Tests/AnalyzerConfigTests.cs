using System.Linq;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Options;

namespace AgentSpec.Core.Tests
{
    /// <summary>Core's reading of .editorconfig/.globalconfig: which sections apply to groups.yaml and which severity wins, as Roslyn decides.</summary>
    public class AnalyzerConfigTests
    {
        private const string File = "/repo/app/groups.yaml";

        [Theory]
        [InlineData("groups.yaml", "groups.yaml", true)]
        [InlineData("groups.yaml", "sub/groups.yaml", true)] // no '/': the file name anywhere below
        [InlineData("*.yaml", "deep/er/groups.yaml", true)]
        [InlineData("*.yml", "groups.yaml", false)]
        [InlineData("/groups.yaml", "groups.yaml", true)] // leading '/': relative to the config's folder
        [InlineData("/groups.yaml", "sub/groups.yaml", false)]
        [InlineData("sub/*.yaml", "sub/groups.yaml", true)]
        [InlineData("sub/*.yaml", "sub/x/groups.yaml", false)] // '*' never crosses '/'
        [InlineData("sub/**.yaml", "sub/x/groups.yaml", true)]
        [InlineData("a/**/groups.yaml", "a/groups.yaml", true)] // '**/' may match no folder
        [InlineData("{groups,other}.yaml", "groups.yaml", true)]
        [InlineData("{other,more}.yaml", "groups.yaml", false)]
        [InlineData("group?.yaml", "groups.yaml", true)]
        [InlineData("group[st].yaml", "groups.yaml", true)]
        [InlineData("group[!s].yaml", "groups.yaml", false)]
        [InlineData("v{1..3}/groups.yaml", "v2/groups.yaml", true)]
        [InlineData("v{1..3}/groups.yaml", "v7/groups.yaml", false)]
        [InlineData("groups\\.yaml", "groups.yaml", true)]
        [InlineData("groups.yam{", "groups.yaml", false)] // unparseable: never matches
        public void Section_names_match_like_roslyn(string section, string relative, bool expected) =>
            Assert.Equal(expected, AnalyzerConfig.SectionMatches(section, relative));

        [Fact]
        public void Later_sections_and_nearer_files_win_and_root_stops_the_search()
        {
            var above = Editor("/repo", "[*.yaml]\nagentspec_diagnostic.AGS0601.severity = error\nagentspec_diagnostic.AGS0207.severity = error\n");
            var top = Editor("/", "root = true\n[*]\nagentspec_diagnostic.AGS0409.severity = error\n");
            var near = Editor("/repo/app", "root = true\n[*.yaml]\nagentspec_diagnostic.AGS0601.severity = warning\n[groups.yaml]\nagentspec_diagnostic.AGS0601.severity = none ; a comment\n");

            var options = AnalyzerConfig.CompileOptionsFor(File, new[] { near, above, top });

            // 'near' says root = true: 'above' and 'top' do not apply at all.
            Assert.Null(options.SeverityOf("AGS0601", RuleSeverity.Info));
            Assert.Equal(RuleSeverity.Warning, options.SeverityOf("AGS0207", RuleSeverity.Warning));
            Assert.Equal(RuleSeverity.Warning, options.SeverityOf("AGS0409", RuleSeverity.Warning));

            var withoutRoot = Editor("/repo/app", "[groups.yaml]\nagentspec_diagnostic.AGS0601.severity = warning\n");
            var merged = AnalyzerConfig.CompileOptionsFor(File, new[] { above, withoutRoot });
            Assert.Equal(RuleSeverity.Warning, merged.SeverityOf("AGS0601", RuleSeverity.Info));
            Assert.Equal(RuleSeverity.Error, merged.SeverityOf("AGS0207", RuleSeverity.Warning));
        }

        [Fact]
        public void Keys_are_case_insensitive_and_preamble_options_are_not_section_options()
        {
            var config = Editor("/repo/app", "AgentSpec_Diagnostic.AGS0601.Severity = error\n[groups.yaml]\nAGENTSPEC_DIAGNOSTIC.ags0207.SEVERITY = Error\n");
            var options = AnalyzerConfig.CompileOptionsFor(File, new[] { config });
            Assert.Equal(RuleSeverity.Info, options.SeverityOf("AGS0601", RuleSeverity.Info));
            Assert.Equal(RuleSeverity.Error, options.SeverityOf("AGS0207", RuleSeverity.Warning));
        }

        [Fact]
        public void Editorconfig_wins_over_global_configs_and_global_levels_decide_between_globals()
        {
            var global = AnalyzerConfig.Parse("is_global = true\nagentspec_diagnostic.AGS0601.severity = error\nagentspec_diagnostic.AGS0207.severity = error\n", "/repo", "any.globalconfig");
            var lowerNamed = AnalyzerConfig.Parse("agentspec_diagnostic.AGS0207.severity = none\n", "/", AnalyzerConfig.GlobalConfigName); // level 100 by its name
            var editor = Editor("/repo/app", "[groups.yaml]\nagentspec_diagnostic.AGS0601.severity = warning\n");
            var options = AnalyzerConfig.CompileOptionsFor(File, new[] { global, lowerNamed, editor });
            Assert.Equal(RuleSeverity.Warning, options.SeverityOf("AGS0601", RuleSeverity.Info));
            Assert.Null(options.SeverityOf("AGS0207", RuleSeverity.Warning));

            // Two globals of one level that disagree: Roslyn unsets the key.
            var a = AnalyzerConfig.Parse("is_global = true\nagentspec_diagnostic.AGS0207.severity = error\n", "/a", "a.globalconfig");
            var b = AnalyzerConfig.Parse("is_global = true\nagentspec_diagnostic.AGS0207.severity = none\n", "/b", "b.globalconfig");
            Assert.Equal(RuleSeverity.Warning, AnalyzerConfig.CompileOptionsFor(File, new[] { a, b }).SeverityOf("AGS0207", RuleSeverity.Warning));
        }

        [Fact]
        public void Global_dotnet_diagnostic_regrades_what_the_generator_reports_but_cannot_bring_back_a_dropped_finding()
        {
            var global = AnalyzerConfig.Parse("is_global = true\ndotnet_diagnostic.AGS0207.severity = error\ndotnet_diagnostic.AGS0602.severity = error\n", "/repo", "x.globalconfig");
            var editor = Editor("/repo/app", "[groups.yaml]\nagentspec_diagnostic.AGS0602.severity = none\ndotnet_diagnostic.AGS0601.severity = error\n");
            var options = AnalyzerConfig.CompileOptionsFor(File, new[] { global, editor });
            Assert.Equal(RuleSeverity.Error, options.SeverityOf("AGS0207", RuleSeverity.Warning));
            Assert.Null(options.SeverityOf("AGS0602", RuleSeverity.Warning));
            // dotnet_diagnostic in an .editorconfig section reaches C# files only, never groups.yaml.
            Assert.Equal(RuleSeverity.Info, options.SeverityOf("AGS0601", RuleSeverity.Info));
        }

        [Fact]
        public void Protected_rules_ignore_every_override()
        {
            var editor = Editor("/repo/app", "[groups.yaml]\nagentspec_diagnostic.AGS0302.severity = none\n");
            var global = AnalyzerConfig.Parse("is_global = true\ndotnet_diagnostic.AGS0302.severity = none\n", "/", "g.globalconfig");
            var options = AnalyzerConfig.CompileOptionsFor(File, new[] { editor, global });
            Assert.Empty(options.Overrides);
            Assert.Equal(RuleSeverity.Error, options.SeverityOf("AGS0302", RuleSeverity.Error));
            Assert.True(Rules.All.Where(r => r.Protected).All(r => options.SeverityOf(r.Id, r.Severity) == r.Severity));
        }

        [Fact]
        public void Apply_regrades_and_drops_findings_in_order()
        {
            var result = GroupsCompiler.Compile(Yaml.WithMounts(Yaml.Mount("/srv/a", "data"), Yaml.Mount("/srv/b", "data/inner"), Yaml.Mount("/srv/c", "plain", readOnly: null)));
            Assert.Equal(new[] { "AGS0207", "AGS0601" }, result.Findings.Select(f => f.Id));
            var options = CompileOptions.Read(k => k == "agentspec_diagnostic.AGS0207.severity" ? "error" : k == "agentspec_diagnostic.AGS0601.severity" ? "none" : null);
            var graded = options.Apply(result.Findings);
            var only = Assert.Single(graded);
            Assert.Equal(("AGS0207", RuleSeverity.Error), (only.Id, only.Severity));
        }

        [Fact]
        public void Warnings_as_errors_comes_after_the_overrides()
        {
            var options = CompileOptions.Read(k => k == "agentspec_diagnostic.AGS0601.severity" ? "warning" : k == "agentspec_diagnostic.AGS0207.severity" ? "none" : null) with { WarningsAsErrors = true };
            Assert.Equal(RuleSeverity.Error, options.SeverityOf("AGS0601", RuleSeverity.Info));
            Assert.Null(options.SeverityOf("AGS0207", RuleSeverity.Warning));
            Assert.Equal(RuleSeverity.Error, options.SeverityOf("AGS0409", RuleSeverity.Warning));
            Assert.Equal(RuleSeverity.Info, options.SeverityOf("AGS0602", RuleSeverity.Info));
        }

        private static AnalyzerConfigFile Editor(string directory, string text) => AnalyzerConfig.Parse(text, directory, AnalyzerConfig.EditorConfigName);
    }
}
