using System;
using System.IO;

namespace AgentSpec.Runtime;

/// <summary>
/// Where AgentSpec keeps things when the operator does not say, following the XDG Base Directory spec: the data
/// root in $XDG_DATA_HOME/agentspec (else ~/.local/share/agentspec), the operator allowlist in
/// $XDG_CONFIG_HOME/agentspec/mount-allowlist.json (else ~/.config/agentspec/...). A relative XDG value is
/// ignored, as the spec says. The allowlist path in use is also what the blocked-location and data-root checks
/// protect (<see cref="BlockedHostPaths.AllowlistFolders"/>), so a moved config folder stays unmountable.
/// </summary>
public static class DefaultLocations
{
    internal const string DataHomeVariable = "XDG_DATA_HOME";
    internal const string ConfigHomeVariable = "XDG_CONFIG_HOME";
    internal const string AllowlistFileName = "mount-allowlist.json";

    /// <summary>The default data root for <paramref name="home"/> and an $XDG_DATA_HOME value.</summary>
    public static string DataRoot(string home, string? xdgDataHome) =>
        Path.Join(Absolute(xdgDataHome) ?? Path.Join(home, ".local", "share"), "agentspec");

    /// <summary>The default data root of this process's environment.</summary>
    public static string DataRoot() => DataRoot(HostPaths.DefaultHome, Environment.GetEnvironmentVariable(DataHomeVariable));

    /// <summary>The default allowlist for <paramref name="home"/> and an $XDG_CONFIG_HOME value.</summary>
    public static string Allowlist(string home, string? xdgConfigHome) =>
        Path.Join(Absolute(xdgConfigHome) ?? Path.Join(home, ".config"), "agentspec", AllowlistFileName);

    /// <summary>The default allowlist for <paramref name="home"/>, honouring this process's $XDG_CONFIG_HOME.</summary>
    public static string Allowlist(string home) => Allowlist(home, Environment.GetEnvironmentVariable(ConfigHomeVariable));

    /// <summary>The operator's egress proxy configuration: next to the default allowlist, in the same protected folder.</summary>
    public static string EgressProxy(string home) => EgressProxy(home, Environment.GetEnvironmentVariable(ConfigHomeVariable));

    /// <summary>The operator's egress proxy configuration for <paramref name="home"/> and an $XDG_CONFIG_HOME value.</summary>
    internal static string EgressProxy(string home, string? xdgConfigHome) => Path.Join(Path.GetDirectoryName(Allowlist(home, xdgConfigHome))!, EgressProxyConfig.FileName);

    /// <summary>The operator's credentials file (credentials.json): next to the default allowlist, in the same protected folder.</summary>
    public static string Credentials(string home) => Credentials(home, Environment.GetEnvironmentVariable(ConfigHomeVariable));

    /// <summary>The operator's credentials file for <paramref name="home"/> and an $XDG_CONFIG_HOME value.</summary>
    internal static string Credentials(string home, string? xdgConfigHome) =>
        Path.Join(Path.GetDirectoryName(Allowlist(home, xdgConfigHome))!, CredentialFile.FileName);

    /// <summary>The operator's gateway configuration (gateway.json) for <paramref name="home"/> and an $XDG_CONFIG_HOME value, beside the allowlist.</summary>
    internal static string Gateway(string home, string? xdgConfigHome) => Path.Join(Path.GetDirectoryName(Allowlist(home, xdgConfigHome))!,
        GatewayConfig.FileName);

    /// <summary>
    /// Creates the missing folders of a default data root, each 0700 (XDG asks for private folders; the data root
    /// must pass <see cref="DataRootCheck"/>). Existing folders are left as they are; a symbolic link or a file on
    /// the way is refused.
    /// </summary>
    internal static void EnsurePrivate(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var current = "/";
        foreach (var part in HostPaths.Split(full))
        {
            current = Path.Join(current, part);
            if (HostPaths.IsSymlink(current) || Directory.Exists(current))
            {
                continue; // links are judged (on their real path) by the data-root trust check
            }

            if (File.Exists(current))
            {
                throw new RuntimeError($"cannot create the default data root {full}: {current} is a file; move it away or choose a data root with --data-dir or AGENTSPEC_DATA_DIR");
            }

            if (NativeMethods.mkdir(current, (uint)GroupInit.PrivateDirectoryMode) != 0 && !Directory.Exists(current))
            {
                throw new RuntimeError($"cannot create the default data root {full}: mkdir {current} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}); choose a data root with --data-dir or AGENTSPEC_DATA_DIR");
            }
        }
    }

    private static string? Absolute(string? value) => value is { Length: > 0 } && Path.IsPathRooted(value) ? value : null;
}
