using System.Text.RegularExpressions;
using AgentSpec.TestSupport;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// The JSON the commands print, pinned byte for byte (property order, null or left out, indentation, escaping, the
/// final line break): the files in Golden/ are what the hand-written Utf8JsonWriter code printed before the output
/// moved to source-generated contexts (issue 21), so a change of layout fails here, not in a consumer's parser.
/// </summary>
public sealed partial class JsonBytesTests : IDisposable
{
    private static readonly string Inputs = Path.Join(Repo.Root, "tests", "AgentSpec.Generators.Tests", "Inputs");

    private readonly TempDir _temp = new();

    public JsonBytesTests()
    {
        foreach (var name in new[] { "valid.groups.yaml", "egress.groups.yaml", "agent.groups.yaml" })
        {
            File.Copy(Path.Join(Inputs, name), _temp[name]);
        }

        _temp.Write("many.yaml", CheckTests.ManyProblemsYaml);
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("plan-egress.json", 0, new[] { "plan", "--json", "--file", "egress.groups.yaml" })]
    [InlineData("audit-agent.json", 0, new[] { "audit", "--json", "--file", "agent.groups.yaml" })]
    [InlineData("diff-valid-egress.json", 0, new[] { "diff", "valid.groups.yaml", "egress.groups.yaml", "--json" })]
    [InlineData("check-many.json", 1, new[] { "check", "--json", "many.yaml" })]
    public async Task Json_output_is_byte_identical_to_the_pinned_file(string golden, int exitCode, string[] args)
    {
        var env = new Dictionary<string, string?> { ["TZ"] = "Europe/Berlin", ["HOME"] = _temp.Path };
        var result = (await Cli.RunAsync(args, env, _temp.Path)).Exits(exitCode);

        var expected = await File.ReadAllTextAsync(Path.Join(Repo.Root, "tests", "AgentSpec.Cli.Tests", "Golden", golden));
        Assert.Equal(HostDefault(expected), HostDefault(result.Stdout));
    }

    /// <summary>The host default user's description says whether agentspec runs as root here: the one host fact in a plan.</summary>
    private static string HostDefault(string json) => HostDefaultValue().Replace(json, "\"hostDefault\": \"HOST\"");

    [GeneratedRegex("\"hostDefault\": \"[^\"]*\"")]
    private static partial Regex HostDefaultValue();
}
