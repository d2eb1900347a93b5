using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace AgentSpec.App;

/// <summary>
/// What <c>--version</c> prints: the host program's name and version, then AgentSpec's (<c>my-agents 1.0.0 (AgentSpec
/// 0.9.0)</c>), or AgentSpec's alone for this repository's own <c>agentspec</c>. System.CommandLine's own action prints
/// only the entry assembly's version, which for a host from the template is its default 1.0.0 and says nothing about
/// the AgentSpec it was built with.
/// </summary>
internal sealed class VersionLine : SynchronousCommandLineAction
{
    private readonly CliContext _context;

    private VersionLine(CliContext context) => _context = context;

    /// <summary>AgentSpec's version, from the App assembly (the one every AgentSpec package carries): 0.9.0, without the commit.</summary>
    public static string AgentSpecVersion { get; } = Informational(typeof(VersionLine).Assembly);

    /// <summary>Makes the root command's <c>--version</c> print <see cref="Text"/>.</summary>
    public static void Install(RootCommand root, CliContext context)
    {
        foreach (var option in root.Options)
        {
            if (option is VersionOption version)
            {
                version.Action = new VersionLine(context);
            }
        }
    }

    /// <summary>The line, for the host named <see cref="CliContext.ProgramName"/> at <see cref="CliContext.HostVersion"/>.</summary>
    public static string Text(CliContext context) =>
        context.HostVersion is { } host && !string.Equals(context.ProgramName, "agentspec", StringComparison.Ordinal)
            ? $"{context.ProgramName} {host} (AgentSpec {AgentSpecVersion})"
            : $"agentspec {AgentSpecVersion}";

    /// <summary>An assembly's informational version without the +commit suffix; its assembly version when it has none.</summary>
    public static string Informational(Assembly assembly)
    {
        var text = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "unknown";
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? text : text[..plus];
    }

    public override int Invoke(ParseResult parseResult)
    {
        _context.Out.WriteLine(Text(_context));
        return ExitCodes.Success;
    }
}
