using System.Diagnostics;

namespace AgentSpec.Cli.Tests;

/// <summary>A real git repository in a temporary folder, with commits made by the real `git`.</summary>
public sealed class GitRepo : IDisposable
{
    private readonly TempDir _dir = new();

    public GitRepo()
    {
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "tests@agentspec.invalid");
        Git("config", "user.name", "AgentSpec tests");
        Git("config", "commit.gpgsign", "false");
    }

    public string Path => _dir.Path;

    /// <summary>
    /// A repository whose last commit changes <paramref name="file"/> from <paramref name="basis"/> to
    /// <paramref name="head"/>, as a pull request does.
    /// </summary>
    public static GitRepo PullRequest(string basis, string head, string file = "groups.yaml")
    {
        var repo = new GitRepo();
        repo.Commit(file, basis);
        repo.Commit(file, head);
        return repo;
    }

    /// <summary>`agentspec diff --base HEAD~1 OPTIONS` in this repository: the review of its last commit.</summary>
    public Task<CliResult> DiffAsync(params string[] options) => Cli.RunAsync(["diff", "--base", "HEAD~1", .. options], workingDirectory: Path);

    /// <summary>Writes <paramref name="relative"/> and commits everything.</summary>
    public string Commit(string relative, string text, string message = "change")
    {
        var path = _dir.Write(relative, text);
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return path;
    }

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The caller's global git configuration (hooks, signing, templates) must not change what the tests do.
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
        return stdout;
    }

    public void Dispose() => _dir.Dispose();
}
