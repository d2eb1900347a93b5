using System;
using System.Text.RegularExpressions;

namespace AgentSpec.Runtime;

/// <summary>
/// The container's command could not be started: not found (exit 127) or not executable (126), as docker run reports
/// them. Read from the engine's start error ("exec: \"CMD\": executable file not found in $PATH").
/// </summary>
internal sealed class CommandFailedException : RuntimeError
{
    private static readonly Regex Exec = new(@"exec: \\?""(?<command>[^""\\]*)\\?"": (?<why>[^""\\\n]*?): unknown", RegexOptions.CultureInvariant);

    private CommandFailedException(string message, int exitCode, Exception inner)
        : base(message, inner)
    {
        ExitCode = exitCode;
    }

    /// <summary>127 (not found) or 126 (not executable).</summary>
    public int ExitCode { get; }

    /// <summary>The failure a start error of <paramref name="spec"/>'s container means, if it is about its command; else null.</summary>
    public static CommandFailedException? From(RuntimeError error, LaunchSpec spec)
    {
        var match = Exec.Match(error.Message);
        if (!match.Success)
        {
            return null;
        }

        var why = match.Groups["why"].Value;
        var command = TerminalEscaper.Escape(match.Groups["command"].Value);
        var notFound = why.Contains("not found", StringComparison.Ordinal) || why.Contains("no such file or directory", StringComparison.Ordinal);
        if (!notFound && !why.Contains("permission denied", StringComparison.Ordinal))
        {
            return null;
        }

        var what = notFound
            ? $"was not found in image {spec.Image} ({TerminalEscaper.Escape(why)}); give a program that exists in the image, by its path or on its PATH"
            : $"is not executable in image {spec.Image} ({TerminalEscaper.Escape(why)}); give an executable file";
        return new CommandFailedException($"group '{spec.GroupId}': the container's command '{command}' {what}", notFound ? 127 : 126, error);
    }
}
