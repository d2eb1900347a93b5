using System.Diagnostics;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// docs/ci/pre-commit, installed in a real repository and run by a real `git commit`. The hook's
/// `dotnet run --project P --no-build -- ARGS` is answered by the real agentspec (a stand-in `dotnet` on PATH forwards
/// the arguments after `--`), whose build recorded ../../groups.yaml: so AGENTSPEC_PROJECT is two folders down.
/// Issue 18: a commit that stages only a Directory.Build.rsp pointing the build at ops.yaml passed the hook untouched.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PreCommitHookTests
{
    private const string Groups = "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n  - id: main\n    folder: main\n    main: true\n";

    [Fact]
    public void The_hook_follows_the_file_the_build_compiles_and_stops_a_commit_that_redirects_it()
    {
        using var repo = new GitRepo();
        repo.Commit("groups.yaml", Groups);
        repo.Commit("host/app/Host.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />\n");
        var hook = Path.Join(repo.Path, ".git", "hooks", "pre-commit");
        File.Copy(Path.Join(Repo.Root, "docs", "ci", "pre-commit"), hook);
        File.SetUnixFileMode(hook, (UnixFileMode)0x1ED); // 0755
        using var bin = new TempDir();
        var dotnet = bin.Write("dotnet", "#!/bin/sh\n"
            + "case \"$1\" in\n"
            + "  run) while [ \"$1\" != \"--\" ]; do shift; done; shift; exec " + string.Join(' ', Cli.Command.Select(Quote)) + " \"$@\" ;;\n"
            + "  *) echo \"the hook must not run dotnet $1 here\" >&2; exit 3 ;;\n"
            + "esac\n");
        File.SetUnixFileMode(dotnet, (UnixFileMode)0x1ED);

        // A commit that touches neither the groups file nor a build file passes.
        File.WriteAllText(Path.Join(repo.Path, "README.md"), "docs\n");
        Commit(repo, bin.Path).AssertExit(0);

        // The staged groups file is checked with the build's rules.
        File.WriteAllText(Path.Join(repo.Path, "groups.yaml"), Groups + "    mounts:\n      - hostPath: ~/.ssh\n        containerPath: keys\n        readonly: true\n");
        var broken = Commit(repo, bin.Path).AssertExit(1);
        Assert.Contains("error AGS0302", broken.Output);
        Assert.Contains("the staged groups.yaml has errors", broken.Output);
        repo.Git("reset", "-q");
        repo.Git("checkout", "--", "groups.yaml");

        // Only a one-line Directory.Build.rsp and ops.yaml staged: the hook now stops it and names the line.
        File.WriteAllText(Path.Join(repo.Path, "ops.yaml"), Groups.Replace("main: true", "main: true\n  - id: research\n    folder: research"));
        File.WriteAllText(Path.Join(repo.Path, "host", "app", "Directory.Build.rsp"), "-p:AgentSpecGroupsFile=../../ops.yaml\n");
        var redirected = Commit(repo, bin.Path).AssertExit(1);
        Assert.Contains("build-file-changed", redirected.Output);
        Assert.Contains("host/app/Directory.Build.rsp:1: -p:AgentSpecGroupsFile=../../ops.yaml", redirected.Output);
        Assert.Contains("the commit changes which groups file the build compiles", redirected.Output);

        // An expectation that is not what the build compiles is refused, naming both.
        repo.Git("reset", "-q");
        File.Delete(Path.Join(repo.Path, "host", "app", "Directory.Build.rsp"));
        File.WriteAllText(Path.Join(repo.Path, "README.md"), "more docs\n");
        var expected = Commit(repo, bin.Path, ("AGENTSPEC_FILE", "ops.yaml")).AssertExit(1);
        Assert.Contains("the build compiles groups.yaml, not AGENTSPEC_FILE=ops.yaml", expected.Output);
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";

    private static HookRun Commit(GitRepo repo, string bin, params (string Name, string Value)[] env)
    {
        repo.Git("add", "-A");
        var info = new ProcessStartInfo("git") { WorkingDirectory = repo.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "commit", "-q", "-m", "change" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        info.Environment["AGENTSPEC_PROJECT"] = "host/app";
        info.Environment.Remove("AGENTSPEC_FILE");
        foreach (var (name, value) in env)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "git commit timed out");
        return new HookRun(process.ExitCode, stdout.Result + stderr.Result);
    }

    private sealed record HookRun(int ExitCode, string Output)
    {
        public HookRun AssertExit(int expected)
        {
            Assert.True(ExitCode == expected, $"expected exit {expected}, got {ExitCode}:\n{Output}");
            return this;
        }
    }
}
