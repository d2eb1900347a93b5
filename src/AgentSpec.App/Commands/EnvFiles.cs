using AgentSpec.Model;

namespace AgentSpec.App.Commands;

/// <summary>
/// `--env NAME=VALUE` and `--env-file FILE` as docker reads them: NAME=VALUE (the value taken literally, up to the line's
/// end), a NAME alone takes agentspec's own variable, `#` comment lines and blank lines are skipped. Every problem is
/// collected with its line; a value is never part of a message.
/// </summary>
internal static class EnvFiles
{
    /// <summary>The variables of one `--env` argument (a problem is added to <paramref name="problems"/> instead).</summary>
    public static EnvVar? Argument(string text, Func<string, string?> environment, List<string> problems) =>
        Entry(text, environment, problems, "--env");

    /// <summary>The variables of an env file, in order; every bad line is a problem naming FILE:LINE.</summary>
    public static IEnumerable<EnvVar> Read(string path, string shown, Func<string, string?> environment, List<string> problems)
    {
        string[] lines;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > 1024 * 1024)
            {
                problems.Add($"--env-file {shown}: the file is {info.Length:N0} bytes; an env file may have at most 1 MiB");
                return [];
            }

            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"--env-file {shown}: cannot read it ({e.Message})");
            return [];
        }

        var variables = new List<EnvVar>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (Entry(line, environment, problems, $"--env-file {shown}:{i + 1}") is { } variable)
            {
                variables.Add(variable);
            }
        }

        return variables;
    }

    private static EnvVar? Entry(string text, Func<string, string?> environment, List<string> problems, string where)
    {
        var equals = text.IndexOf('=');
        var name = equals < 0 ? text : text[..equals];
        if (name.Length == 0)
        {
            problems.Add($"{where}: no variable name before '='; write NAME=VALUE");
            return null;
        }

        if (AgentSpec.Core.Checks.EnvironmentNames.PerRunRefusal(name) is { } refusal)
        {
            problems.Add($"{where}: environment variable {refusal}");
            return null;
        }

        if (equals >= 0)
        {
            return new EnvVar(name, text[(equals + 1)..]);
        }

        if (environment(name) is { } value)
        {
            return new EnvVar(name, value);
        }

        problems.Add($"{where}: '{name}' has no value and is not set in agentspec's environment; write {name}=VALUE, or set it before agentspec runs");
        return null;
    }
}
