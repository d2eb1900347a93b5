using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Tests
{
    /// <summary>The rule catalogue, its documentation pages and the analyzer release file agree.</summary>
    public class DocsTests
    {
        private static readonly string DiagnosticsFolder = Path.Combine(Yaml.RepoRoot, "docs", "diagnostics");

        public static TheoryData<string> RuleIds => new(Rules.All.Select(r => r.Id));

        [Fact]
        public void Rule_ids_are_unique_and_well_formed()
        {
            Assert.Equal(Rules.All.Count, Rules.All.Select(r => r.Id).Distinct().Count());
            Assert.All(Rules.All, r => Assert.Matches("^AGS[0-9]{4}$", r.Id));
            Assert.All(Rules.All, r => Assert.Same(r, Rules.Find(r.Id)));
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Every_rule_has_a_page_whose_first_line_names_it(string id)
        {
            var path = Path.Combine(DiagnosticsFolder, id + ".md");
            Assert.True(File.Exists(path), $"docs/diagnostics/{id}.md is missing");
            var rule = Rules.Find(id)!;
            var firstLine = File.ReadLines(path).First();
            Assert.StartsWith("# " + id, firstLine);
            Assert.Contains(rule.Title, firstLine);
            Assert.EndsWith($"docs/diagnostics/{id}.md", rule.HelpLink);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Every_page_states_the_rule_severity(string id)
        {
            var text = File.ReadAllText(Path.Combine(DiagnosticsFolder, id + ".md"));
            Assert.Contains($"| Severity | {Rules.Find(id)!.Severity} |", text);
        }

        [Fact]
        public void Every_page_belongs_to_a_rule()
        {
            var pages = Directory.GetFiles(DiagnosticsFolder, "AGS*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(x => x);
            Assert.Equal(Rules.All.Select(r => r.Id).OrderBy(x => x), pages);
        }

        [Fact]
        public void Analyzer_release_file_lists_exactly_the_rules_with_their_severities()
        {
            var path = Path.Combine(Yaml.RepoRoot, "generators", "AgentSpec.Generators", "AnalyzerReleases.Unshipped.md");
            var rows = File.ReadLines(path)
                .Where(line => Regex.IsMatch(line, @"^\s*AGS[0-9]{4}\s*\|"))
                .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
                .Select(cells => (Id: cells[0], Category: cells[1], Severity: cells[2]))
                .ToArray();
            Assert.Equal(
                Rules.All.Select(r => (r.Id, r.Category, r.Severity.ToString())).OrderBy(r => r.Id),
                rows.OrderBy(r => r.Id));
        }
    }
}
