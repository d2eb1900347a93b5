using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// TZ as NanoClaw passes it: the host's TZ environment variable, else /etc/timezone, else the zone name the
/// /etc/localtime link points at (…/zoneinfo/Europe/Berlin → Europe/Berlin); not set when none is found. A
/// group's own env TZ (groups.yaml) wins over the host's. Values are bounded and free of control characters.
/// </summary>
internal static class HostTimezone
{
    public const string Variable = "TZ";
    private const int MaxLength = 128;

    /// <summary>The source of a TZ the group sets itself.</summary>
    public const string DeclaredSource = "groups.yaml env";

    /// <summary>The time zone of this host.</summary>
    public static TimezoneSetting Detect() => Detect(System.Environment.GetEnvironmentVariable(Variable));

    /// <summary>The time zone of this host, with the TZ variable as an environment (the CLI invocation's) gives it.</summary>
    public static TimezoneSetting Detect(string? variable) => Detect(
        variable,
        path => File.Exists(path) ? ReadFirstLine(path) : null,
        path => new FileInfo(path).LinkTarget);

    /// <summary>The same decision on given facts (for tests).</summary>
    public static TimezoneSetting Detect(string? variable, Func<string, string?> readFile, Func<string, string?> readLink)
    {
        if (Clean(variable) is { } fromVariable)
        {
            return new TimezoneSetting(fromVariable, "the host's TZ variable");
        }

        if (Clean(Safely(() => readFile("/etc/timezone"))) is { } fromFile)
        {
            return new TimezoneSetting(fromFile, "/etc/timezone");
        }

        var link = Safely(() => readLink("/etc/localtime"));
        const string Zoneinfo = "zoneinfo/";
        var at = link?.LastIndexOf(Zoneinfo, StringComparison.Ordinal) ?? -1;
        if (at >= 0 && Clean(link!.Substring(at + Zoneinfo.Length)) is { } fromLink)
        {
            return new TimezoneSetting(fromLink, "the /etc/localtime link");
        }

        return new TimezoneSetting(null, "no host time zone found (no TZ variable, /etc/timezone or /etc/localtime link)");
    }

    /// <summary>The TZ a plan's container gets: the group's own env TZ, else the host's, else none.</summary>
    public static TimezoneSetting For(GroupPlan plan, TimezoneSetting host) =>
        plan.Environment.FirstOrDefault(e => e.Name == Variable) is { } declared
            ? new TimezoneSetting(declared.Value, DeclaredSource)
            : host;

    /// <summary>The plan's environment with the host's TZ added when the group does not set its own.</summary>
    public static IReadOnlyList<EnvVar> Environment(GroupPlan plan, TimezoneSetting host) =>
        host.Value is { } value && plan.Environment.All(e => e.Name != Variable)
            ? plan.Environment.Concat(new[] { new EnvVar(Variable, value) }).ToList()
            : plan.Environment;

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed!.Length > MaxLength || trimmed.Any(char.IsControl) ? null : trimmed;
    }

    private static string? ReadFirstLine(string path)
    {
        using var reader = new StreamReader(path);
        var buffer = new char[MaxLength + 2];
        var n = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, n).Split('\n')[0];
    }

    private static string? Safely(Func<string?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
