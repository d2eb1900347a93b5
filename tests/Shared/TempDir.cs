namespace AgentSpec.Cli.Tests;

/// <summary>A real temporary directory on disk, removed with everything in it on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("agentspec-clitests-").FullName;
    }

    public string Path { get; }

    /// <summary>An absolute path below this directory.</summary>
    public string this[string relative] => System.IO.Path.Join(Path, relative);

    /// <summary>Writes a file (creating its folder) and returns its absolute path.</summary>
    public string Write(string relative, string text)
    {
        var path = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
