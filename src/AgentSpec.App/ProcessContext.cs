using AgentSpec.Model;
using AgentSpec.Runtime;

namespace AgentSpec.App;

/// <summary>
/// The output layer of the real process: the one place that reads Console, the process environment and the current
/// directory, to build the <see cref="CliContext"/> of <see cref="AgentSpecApp.RunAsync(string[], IReadOnlyList{GroupPlan}, string)"/>.
/// </summary>
internal static class ProcessContext
{
    public static CliContext Create(IReadOnlyList<GroupPlan> groups, string sourceFile) =>
        new(groups, sourceFile, Console.Out, Console.Error, Console.In, System.Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory())
        {
            IsProcess = true,
            ProgramName = ProgramName(),
            Colours = Colours.Decide(!Console.IsOutputRedirected, !Console.IsErrorRedirected, System.Environment.GetEnvironmentVariable),
            HostVersion = System.Reflection.Assembly.GetEntryAssembly() is { } entry ? VersionLine.Informational(entry) : null,
            Width = OutputWidth.Decide(TerminalColumns(), System.Environment.GetEnvironmentVariable),
            RunOutput = RunOutput,
            RunInput = Console.OpenStandardInput,
        };

    /// <summary>The host's name as it was started (argv[0], also for `dotnet my-agents.dll`), as System.CommandLine's help names it.</summary>
    private static string ProgramName() =>
        System.Environment.GetCommandLineArgs() is [{ Length: > 0 } first, ..] ? Path.GetFileNameWithoutExtension(first) : "agentspec";

    /// <summary>The terminal's width when standard output is one; null for a file or pipe, or when the terminal does not say.</summary>
    private static int? TerminalColumns()
    {
        if (Console.IsOutputRedirected)
        {
            return null;
        }

        try
        {
            return Console.WindowWidth;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// `run`: to a terminal, the container's control and escape sequences are shown, not interpreted (no OSC 52
    /// clipboard writes, title changes or cursor moves on the operator's terminal); redirected to a file or pipe,
    /// its bytes pass through unchanged.
    /// </summary>
    private static GroupOutput RunOutput() => new(
        Console.IsOutputRedirected ? new ByteStreamWriter(Console.OpenStandardOutput()) : new EscapingWriter(Console.Out),
        Console.IsErrorRedirected ? new ByteStreamWriter(Console.OpenStandardError()) : new EscapingWriter(Console.Error));
}
