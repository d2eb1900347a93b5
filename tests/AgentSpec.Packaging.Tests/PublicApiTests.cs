namespace AgentSpec.Packaging.Tests;

/// <summary>
/// The public API of every shipped assembly is tracked by Microsoft.CodeAnalysis.PublicApiAnalyzers against
/// PublicAPI.Shipped.txt/PublicAPI.Unshipped.txt next to its project (wired in Directory.Build.props), so the build
/// itself fails on an unlisted or a vanished public member. These tests prove the gate is wired and can fail.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> ShippedAssemblies => new()
    {
        "AgentSpec.Model",
        "AgentSpec.Runtime",
        "AgentSpec.Kubernetes",
        "AgentSpec.App",
        "AgentSpec.Core",
    };

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void Every_shipped_assembly_tracks_its_public_API(string assemblyName)
    {
        var folder = Path.Join(PackedFeed.RepositoryRoot, "src", assemblyName);
        foreach (var file in new[] { "PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt" })
        {
            var path = Path.Join(folder, file);
            Assert.True(File.Exists(path), $"{path} is missing: without it the public API analyzer does not run for {assemblyName}");
            Assert.Equal("#nullable enable", File.ReadLines(path).First());
        }
    }

    [Fact]
    public void The_compiler_and_the_renderer_have_no_public_API()
    {
        foreach (var name in new[] { "AgentSpec.Core", "AgentSpec.Kubernetes" })
        {
            var lines = File.ReadAllLines(Path.Join(PackedFeed.RepositoryRoot, "src", name, "PublicAPI.Shipped.txt"))
                .Concat(File.ReadAllLines(Path.Join(PackedFeed.RepositoryRoot, "src", name, "PublicAPI.Unshipped.txt")))
                .Where(l => l.Length > 0 && !l.StartsWith('#'));
            Assert.Empty(lines);
        }
    }

    /// <summary>
    /// A real build of a copy of AgentSpec.Model with one public member added, one member's line removed from its Shipped
    /// file and one line for a member that does not exist fails with RS0016 and RS0017 naming each; with the analyzer
    /// reference removed from Directory.Build.props it would pass.
    /// </summary>
    [Fact]
    public async Task A_public_API_change_that_is_not_listed_fails_the_build()
    {
        var root = Directory.CreateTempSubdirectory("agentspec-api-").FullName;
        try
        {
            foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
            {
                File.Copy(Path.Join(PackedFeed.RepositoryRoot, file), Path.Join(root, file));
            }

            var model = Path.Join(root, "src", "AgentSpec.Model");
            CopyFolder(Path.Join(PackedFeed.RepositoryRoot, "src", "AgentSpec.Model"), model);
            File.WriteAllText(Path.Join(model, "Unlisted.cs"), "namespace AgentSpec.Model { public static class Unlisted { public static int Answer => 42; } }\n");
            var shipped = Path.Join(model, "PublicAPI.Shipped.txt");
            var lines = File.ReadAllLines(shipped).ToList();
            var removed = lines.First(l => l.StartsWith("AgentSpec.Model.ResourceLimits.Pids.get", StringComparison.Ordinal));
            lines.Remove(removed);
            lines.Add("AgentSpec.Model.ResourceLimits.Vanished.get -> int");
            File.WriteAllLines(shipped, lines);

            var result = await Tool.DotnetAsync(model, "build", "-c", "Release", "-nodeReuse:false");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("RS0016", result.Output);
            Assert.Contains("AgentSpec.Model.Unlisted", result.Output);
            Assert.Contains("AgentSpec.Model.ResourceLimits.Pids.get", result.Output); // in the code, no longer listed
            Assert.Contains("RS0017", result.Output);
            Assert.Contains("AgentSpec.Model.ResourceLimits.Vanished.get", result.Output); // listed, not in the code
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Join(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyFolder(dir, Path.Join(to, Path.GetFileName(dir)));
        }
    }
}
