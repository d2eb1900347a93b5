using System;
using System.Collections.Generic;

namespace AgentSpec.Model;

/// <summary>
/// The one list of environment variables that load code or change trust in the agent runner's processes
/// (loader, interpreter, shell, TLS and Docker variables). groups.yaml cannot set them (AGS0415),
/// <see cref="GroupPlan.Create"/> leaves them out and the runtime refuses a plan that carries one.
/// Matched case-insensitively: `ld_preload` is refused like `LD_PRELOAD` (Windows reads names that way,
/// and a reviewer should not have to know which tools are case-sensitive).
/// </summary>
internal static class EnvironmentRules
{
    private const string Loader = "makes the dynamic loader load or search libraries it names in every process";
    private const string Node = "makes Node.js load code or certificates it names";
    private const string Python = "makes Python load code it names";
    private const string Shell = "makes the shell run code or split words differently";
    private const string Java = "adds JVM options, including agents that run code, to every Java process";
    private const string Trust = "changes which TLS certificates are trusted";
    private const string Git = "makes git run a command or read configuration it names";

    /// <summary>Prefixes: every variable that starts with one of these is refused.</summary>
    private static readonly KeyValuePair<string, string>[] Prefixes =
    {
        Pair("LD_", Loader + " (LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT, ...)"),
        Pair("DYLD_", Loader + " (macOS: DYLD_INSERT_LIBRARIES, ...)"),
        Pair("DOCKER_", "points Docker clients at another engine or TLS configuration (DOCKER_HOST, DOCKER_CONFIG, ...)"),
        Pair("GIT_CONFIG_", Git + " (GIT_CONFIG_COUNT/KEY_n/VALUE_n set any option, e.g. core.sshCommand)"),
        Pair("NPM_CONFIG_", "sets any npm option, including script-shell, node-options and the registry"),
        Pair("BASH_FUNC_", "defines a shell function that replaces a command in every bash"),
    };

    /// <summary>Exact names (compared case-insensitively) and what they inject.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PATH"] = "decides which program runs for every command name",
        ["NODE_OPTIONS"] = Node + " (--require, --import) into every node process",
        ["NODE_PATH"] = Node + " (module search path)",
        ["NODE_EXTRA_CA_CERTS"] = Trust + " for Node.js",
        ["NODE_TLS_REJECT_UNAUTHORIZED"] = "turns off TLS certificate checks in Node.js",
        ["NODE_REPL_EXTERNAL_MODULE"] = Node + " in place of the REPL",
        ["PYTHONPATH"] = Python + " (module search path)",
        ["PYTHONSTARTUP"] = Python + " (a script run at interactive start)",
        ["PYTHONHOME"] = Python + " (the standard library location)",
        ["PYTHONUSERBASE"] = Python + " (the user site-packages location)",
        ["PYTHONWARNINGS"] = Python + " (a warning filter imports the module it names)",
        ["PYTHONBREAKPOINT"] = Python + " (called by breakpoint())",
        ["PERL5LIB"] = "makes Perl load modules it names",
        ["PERLLIB"] = "makes Perl load modules it names",
        ["PERL5OPT"] = "adds Perl options (-M loads a module) to every perl",
        ["PERL5DB"] = "makes Perl run debugger code it names",
        ["RUBYOPT"] = "adds Ruby options (-r loads a library) to every ruby",
        ["RUBYLIB"] = "makes Ruby load libraries it names",
        ["CLASSPATH"] = "makes Java load classes it names",
        ["JAVA_TOOL_OPTIONS"] = Java,
        ["_JAVA_OPTIONS"] = Java,
        ["JDK_JAVA_OPTIONS"] = Java,
        ["BASH_ENV"] = Shell + " (a script sourced by every non-interactive bash)",
        ["ENV"] = Shell + " (a script sourced by every sh)",
        ["PROMPT_COMMAND"] = Shell + " (a command run before each prompt)",
        ["PS4"] = Shell + " (expanded, with command substitution, on every traced command)",
        ["SHELLOPTS"] = Shell + " (shell options for every bash)",
        ["BASHOPTS"] = Shell + " (shell options for every bash)",
        ["IFS"] = Shell,
        ["ZDOTDIR"] = Shell + " (the folder zsh reads its startup files from)",
        ["GCONV_PATH"] = Loader + " (glibc character-set converters)",
        ["GLIBC_TUNABLES"] = "changes glibc's loader and allocator behaviour in every process",
        ["OPENSSL_CONF"] = "makes OpenSSL read a configuration that can load engines (code) and change trust",
        ["OPENSSL_ENGINES"] = "makes OpenSSL load engine libraries from a folder it names",
        ["OPENSSL_MODULES"] = "makes OpenSSL load provider libraries from a folder it names",
        ["SSL_CERT_FILE"] = Trust,
        ["SSL_CERT_DIR"] = Trust,
        ["REQUESTS_CA_BUNDLE"] = Trust + " for Python requests",
        ["CURL_CA_BUNDLE"] = Trust + " for curl",
        ["GIT_SSH"] = Git + " (the ssh program)",
        ["GIT_SSH_COMMAND"] = Git + " (the ssh command)",
        ["GIT_EXEC_PATH"] = Git + " (the folder of its sub-commands)",
        ["GIT_ASKPASS"] = Git + " (the credential prompt program)",
        ["GIT_PROXY_COMMAND"] = Git + " (a proxy command)",
        ["GIT_EXTERNAL_DIFF"] = Git + " (the diff program)",
        ["GIT_TEMPLATE_DIR"] = Git + " (hooks copied into new repositories)",
        ["GIT_CONFIG"] = Git,
        ["GIT_CONFIG_GLOBAL"] = Git,
        ["GIT_CONFIG_SYSTEM"] = Git,
        ["GIT_SSL_NO_VERIFY"] = "turns off TLS certificate checks in git",
        ["GIT_SSL_CAINFO"] = Trust + " for git",
        ["GIT_SSL_CAPATH"] = Trust + " for git",
    };

    /// <summary>What the variable injects, or null when groups.yaml may set it.</summary>
    public static string? InjectionReason(string name)
    {
        if (name is null)
        {
            return null;
        }

        if (Names.TryGetValue(name, out var reason))
        {
            return reason;
        }

        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix.Key, StringComparison.OrdinalIgnoreCase))
            {
                return prefix.Value;
            }
        }

        return null;
    }

    public static bool IsInjectionVariable(string name) => InjectionReason(name) is not null;

    /// <summary>
    /// What in <paramref name="name"/> the engine would split on (AGS0417), or null: the engine passes
    /// NAME=VALUE strings, so a '=' in a name moves the rest into the value of a shorter name (which may be
    /// PATH or LD_PRELOAD, names compared whole elsewhere), a NUL ends the string, and whitespace or a control
    /// character makes a name no shell or reviewer reads as written.
    /// </summary>
    public static (string What, string Effect, string Suggestion)? SplitCharacter(string name)
    {
        if (name is null)
        {
            return null;
        }

        var seen = NameTheEngineSets(name);
        foreach (var c in name)
        {
            if (c == '=')
            {
                return ("'='", $"the container would get '{seen}' set to what follows the first '=' (here '{name.Substring(seen.Length + 1)}=<value>')", seen.Length > 0 ? seen : "NAME");
            }

            if (c == '\0')
            {
                return ("a NUL character (U+0000)", $"the string ends there and the container would get '{seen}' instead", seen.Length > 0 ? seen : "NAME");
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return ($"{(char.IsControl(c) ? "a control character" : "whitespace")} (U+{(int)c:X4})", "no shell can read the variable, and it does not read as written", Underscored(name));
            }
        }

        return null;
    }

    private static string Underscored(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = char.IsWhiteSpace(chars[i]) || char.IsControl(chars[i]) ? '_' : chars[i];
        }

        return new string(chars);
    }

    /// <summary>The name a container would actually get for this key: what precedes the first '=' or NUL.</summary>
    public static string NameTheEngineSets(string name)
    {
        var end = name.IndexOfAny(new[] { '=', '\0' });
        return end < 0 ? name : name.Substring(0, end);
    }

    /// <summary>Every refused exact name, for documentation and tests.</summary>
    public static IEnumerable<string> RefusedNames => Names.Keys;

    /// <summary>Every refused prefix (e.g. "LD_"), for documentation and tests.</summary>
    public static IEnumerable<string> RefusedPrefixes
    {
        get
        {
            foreach (var prefix in Prefixes)
            {
                yield return prefix.Key;
            }
        }
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
