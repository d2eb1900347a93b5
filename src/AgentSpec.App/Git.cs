using System.Diagnostics;

namespace AgentSpec.Cli;

/// <summary>The few git questions `diff --base` and the SARIF writer ask, through the `git` executable (no library).</summary>
internal static class Git
{
    /// <summary>The work tree holding <paramref name="directory"/>, or null when it is not in one or git is missing.</summary>
    public static string? TopLevel(string directory)
    {
        try
        {
            var (code, output, _) = Run(directory, "rev-parse", "--show-toplevel");
            return code == 0 && output.Trim() is { Length: > 0 } top ? top : null;
        }
        catch (CliException)
        {
            return null; // no git: not in a work tree as far as anyone here can tell
        }
    }

    /// <summary>
    /// The text of <paramref name="file"/> at revision <paramref name="revision"/>, or null when the file did not exist
    /// there (it is new). A revision git does not know, a file outside a work tree, or no git at all: exit 2.
    /// </summary>
    /// <param name="revision">The --base revision.</param>
    /// <param name="full">The file's absolute path.</param>
    /// <param name="file">The file as given, for messages.</param>
    public static (string? Text, string DisplayName) Show(string revision, string full, string file)
    {
        if (revision.StartsWith('-'))
        {
            throw new CliException($"--base {revision}: a revision cannot start with '-'; pass a branch, tag or commit", ExitCodes.Usage);
        }

        var directory = Path.GetDirectoryName(full)!;
        var top = TopLevel(directory) ?? throw new CliException(
            $"'{file}' is not inside a git work tree, so --base {revision} has nothing to compare with; run diff inside the repository, or compare two files: agentspec diff BASE_FILE HEAD_FILE",
            ExitCodes.Usage);
        // git show REV:path wants the path relative to the top of the work tree, with '/'.
        var relative = Path.GetRelativePath(Path.GetFullPath(top), full).Replace('\\', '/');
        var display = revision + ":" + relative;
        var (verify, _, verifyError) = Run(top, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}");
        if (verify != 0)
        {
            throw new CliException(
                $"--base {revision}: git knows no such revision{(verifyError.Trim().Length > 0 ? " (" + verifyError.Trim() + ")" : string.Empty)}; pass a branch, tag or commit, e.g. --base origin/main (fetch it first in a shallow CI clone)",
                ExitCodes.Usage);
        }

        var (exists, _, _) = Run(top, "cat-file", "-e", revision + ":" + relative);
        if (exists != 0)
        {
            return (null, display);
        }

        var (code, text, error) = Run(top, "show", revision + ":" + relative);
        if (code != 0)
        {
            throw new CliException($"git show {display} failed: {error.Trim()}", ExitCodes.Failed);
        }

        return (text, display);
    }

    private static (int Code, string Output, string Error) Run(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A hook or pager must never run, and git's messages must stay in English for the error text.
        info.Environment["GIT_PAGER"] = "cat";
        info.Environment["LC_ALL"] = "C";
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CliException($"cannot run git ({ex.Message}); install git, or compare two files: agentspec diff BASE_FILE HEAD_FILE", ExitCodes.Usage);
        }
    }
}
