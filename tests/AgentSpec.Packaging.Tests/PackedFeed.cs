using System.Globalization;

namespace AgentSpec.Packaging.Tests;

/// <summary>
/// The solution packed once (no build: `dotnet test` has built it) into a folder feed under a fresh temporary
/// folder, with a pre-release version unique to this run so no package cache can hand back an older build, a
/// nuget.config that adds the feed to the usual source, and a private template hive.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public string Root { get; } = Path.Join(Path.GetTempPath(), "agentspec-consumer-" + Guid.NewGuid().ToString("N")[..8]);

    public string Feed => Path.Join(Root, "feed");

    public string Hive => Path.Join(Root, "template-hive");

    public string Version { get; } = "0.9.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Configuration { get; } = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public string Package(string id) => Path.Join(Feed, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var suffix = Version["0.9.0-".Length..];
        (await Tool.DotnetAsync(RepositoryRoot, "pack", "AgentSpec.sln", "-c", Configuration, "--no-build", "--no-restore", "-o", Feed, "-p:VersionSuffix=" + suffix, "-nodeReuse:false"))
            .ShouldSucceed("dotnet pack AgentSpec.sln");

        // Consumers restore AgentSpec from the feed and everything else as usual; their own package folder keeps
        // this run's packages out of the machine's cache, which still serves the third-party packages.
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Join(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Join(Root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="agentspec-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="agentspec-feed"><package pattern="AgentSpec" /><package pattern="AgentSpec.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
              <fallbackPackageFolders>
                <add key="machine" value="{machineCache}" />
              </fallbackPackageFolders>
            </configuration>
            """);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Files written by containers as another user; the temporary folder is left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>A new, empty folder under the feed's root (so the feed's nuget.config applies).</summary>
    public string NewFolder(string name)
    {
        var path = Path.Join(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "AgentSpec.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no AgentSpec.sln above {AppContext.BaseDirectory}");
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
