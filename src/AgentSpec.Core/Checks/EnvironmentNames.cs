using System.Text.RegularExpressions;
using AgentSpec.Model;

namespace AgentSpec.Core.Checks;

/// <summary>
/// The environment-name rules for variables given per run (`run --env`, `--env-file`, <c>GroupRunOptions.Environment</c>):
/// the same decisions as groups.yaml's env (AGS0406 reserved, AGS0415 loader and runtime, AGS0407 the name's shape,
/// which also refuses every name the engine would split), worded for a command line. Pure, no I/O; never shows a value.
/// </summary>
internal static class EnvironmentNames
{
    /// <summary>A variable name: letters, digits and '_', not starting with a digit (AGS0407).</summary>
    public static readonly Regex Pattern = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    /// <summary>Why <paramref name="name"/> cannot be set for one run, ending with the rule's id; null when it can.</summary>
    public static string? PerRunRefusal(string name)
    {
        if (HostManagedMounts.ReservedEnvironment.TryGetValue(name, out var why))
        {
            return $"'{name}' is set by the host ({why}) and cannot be set for a run (AGS0406)";
        }

        if (HostManagedMounts.IsReservedEnvironmentName(name))
        {
            return $"'{name}' is the host's (the AGENTSPEC_ prefix is reserved for the host) and cannot be set for a run (AGS0406)";
        }

        if (EnvironmentRules.InjectionReason(name) is { } injects)
        {
            return $"'{name}' {injects}; it cannot be set for a run: what the runner needs belongs in the image (AGS0415)";
        }

        return Pattern.IsMatch(name)
            ? null
            : $"'{Shown(name)}' is not a valid variable name; use letters, digits and '_', not starting with a digit (AGS0407)";
    }

    /// <summary>A name as it can be shown on one line: control and non-ASCII characters as \uXXXX.</summary>
    private static string Shown(string name)
    {
        var text = new System.Text.StringBuilder(name.Length);
        foreach (var c in name.Length > 80 ? name.Substring(0, 80) + "..." : name)
        {
            text.Append(c < 0x20 || c > 0x7e ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.ToString();
    }
}
