using System.IO.Compression;
using System.Xml.Linq;

namespace AgentSpec.Packaging.Tests;

/// <summary>What each package carries, read from the .nupkg files themselves.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageContentTests(PackedFeed feed)
{
    public static TheoryData<string> Shipped => new() { "AgentSpec", "AgentSpec.App", "AgentSpec.Runtime", "AgentSpec.Kubernetes", "AgentSpec.Model", "AgentSpec.Core", "AgentSpec.Templates" };

    [Fact]
    public void The_AgentSpec_package_carries_the_generator_with_every_assembly_it_loads_and_the_build_props()
    {
        var entries = Entries("AgentSpec");
        foreach (var assembly in new[] { "AgentSpec.Generators", "AgentSpec.Core", "AgentSpec.Model", "YamlDotNet" })
        {
            Assert.Contains($"analyzers/dotnet/cs/{assembly}.dll", entries);
        }

        // Nothing else: the schema is interpreted by the compiler itself (no NJsonSchema, Newtonsoft.Json or reflection).
        Assert.Equal(4, entries.Count(e => e.StartsWith("analyzers/", StringComparison.Ordinal)));
        Assert.Contains("build/AgentSpec.props", entries);
        Assert.Contains("build/AgentSpec.targets", entries);
        Assert.Contains("schemas/groups.schema.json", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Equal(new[] { "AgentSpec.App" }, Dependencies("AgentSpec"));
    }

    [Fact]
    public void The_model_that_generated_code_references_depends_on_no_yaml_schema_or_json_library()
    {
        Assert.Contains("lib/netstandard2.0/AgentSpec.Model.dll", Entries("AgentSpec.Model"));
        Assert.Equal(new[] { "System.Collections.Immutable" }, Dependencies("AgentSpec.Model"));
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task Every_package_has_the_metadata_a_user_expects(string id)
    {
        var metadata = Nuspec(id).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(feed.Version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("README.md", Entries(id));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));

        // The commit comes from git at build time; the URL only when the clone has a remote (never guessed). HEAD is asked
        // of git: in a worktree .git is a file, not the folder with HEAD in it.
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        var head = (await Tool.RunAsync("git", ["rev-parse", "HEAD"], PackedFeed.RepositoryRoot, TimeSpan.FromSeconds(30)))
            .ShouldSucceed("git rev-parse HEAD").Output.Trim();
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
        Assert.Equal(head, repository.Attribute("commit")!.Value);
    }

    [Theory]
    [InlineData("AgentSpec.App")]
    [InlineData("AgentSpec.Runtime")]
    [InlineData("AgentSpec.Kubernetes")]
    [InlineData("AgentSpec.Model")]
    [InlineData("AgentSpec.Core")]
    public void Libraries_ship_symbols(string id)
    {
        var symbols = Path.Join(feed.Feed, $"{id}.{feed.Version}.snupkg");
        Assert.True(File.Exists(symbols), $"{symbols} is missing");
        using var zip = ZipFile.OpenRead(symbols);
        Assert.Contains(zip.Entries, e => e.FullName.EndsWith($"{id}.pdb", StringComparison.Ordinal));
    }

    private IReadOnlyList<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(feed.Package(id));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private XDocument Nuspec(string id)
    {
        using var zip = ZipFile.OpenRead(feed.Package(id));
        using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return XDocument.Load(stream);
    }

    private string[] Dependencies(string id) =>
        Nuspec(id).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Distinct().Order().ToArray();
}
