using System.Diagnostics;

namespace AgentSpec.App;

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

    /// <summary>
    /// Every path (relative to <paramref name="top"/>, with '/') that differs between <paramref name="revision"/> and
    /// the work tree, or the index when <paramref name="staged"/>: added, modified, deleted, with type changes; renames
    /// are a deletion and an addition. For the work tree, untracked files that are not ignored count as added.
    /// </summary>
    public static IReadOnlyList<string> ChangedSince(string top, string revision, bool staged)
    {
        // No external diff drivers or text conversion: only names are asked for.
        string[] args = staged
            ? ["diff", "--cached", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "-z", "--end-of-options", revision, "--"]
            : ["diff", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "-z", "--end-of-options", revision, "--"];
        var (code, output, error) = Run(top, args);
        if (code != 0)
        {
            throw new CliException($"git diff --name-only {revision} failed: {error.Trim()}", ExitCodes.Failed);
        }

        var paths = output.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!staged)
        {
            var (untrackedCode, untracked, untrackedError) = Run(top, "ls-files", "--others", "--exclude-standard", "-z");
            if (untrackedCode != 0)
            {
                throw new CliException($"git ls-files --others failed: {untrackedError.Trim()}", ExitCodes.Failed);
            }

            paths.AddRange(untracked.Split('\0', StringSplitOptions.RemoveEmptyEntries));
        }

        return paths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The text of <paramref name="relative"/> (from the top of the work tree) at <paramref name="revision"/>, or in the index when it is null; null when it is not there.</summary>
    public static string? TextAt(string top, string? revision, string relative)
    {
        var spec = (revision ?? string.Empty) + ":" + relative;
        var (exists, _, _) = Run(top, "cat-file", "-e", spec);
        if (exists != 0)
        {
            return null;
        }

        var (code, text, error) = Run(top, "show", spec);
        return code == 0 ? text : throw new CliException($"git show {spec} failed: {error.Trim()}", ExitCodes.Failed);
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
