using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The operator's credentials (credentials.json beside the mount allowlist: $XDG_CONFIG_HOME/agentspec/ or
/// ~/.config/agentspec/): <c>{"credentials": {"NAME": {"header"?: "x-api-key", "value": "..."}}}</c>. Trusted exactly
/// as the allowlist is (<see cref="TrustedConfigFile"/>: owner, modes, never inside a folder a container can write,
/// bounded size), readable by its owner alone (0600, like an SSH key), and parsed as strictly (unknown or duplicate
/// keys and wrong types are errors, all listed at once).
/// An absent file means no credentials. No message, log line or exception ever carries a value.
/// </summary>
internal sealed class CredentialFile
{
    public const string FileName = "credentials.json";

    /// <summary>A real file holds a few keys; anything near this size is not one.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The longest value accepted (API keys and tokens are well below it).</summary>
    public const int MaxValueLength = 8 * 1024;

    public const string Example = """
        {
          "credentials": {
            "anthropic": { "header": "x-api-key", "value": "<your key>" },
            "github": { "header": "Authorization", "value": "Bearer <your token>" }
          }
        }
        """;

    private static readonly string[] TopKeys = { "credentials" };
    private static readonly string[] EntryKeys = { "header", "value" };

    // The grammar of egress credential: names in groups.yaml (EgressRules).
    private static readonly Regex NamePattern = new("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);

    // An HTTP field name (RFC 9110 token).
    private static readonly Regex HeaderPattern = new("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$", RegexOptions.CultureInvariant);

    // Fields that frame or route the request: a credential in one of them would change what the request is.
    private static readonly string[] FramingHeaders =
    {
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer",
        "proxy-connection", "proxy-authorization", "expect",
    };

    private readonly IReadOnlyDictionary<string, Credential> _credentials;

    private CredentialFile(string path, bool exists, IReadOnlyDictionary<string, Credential> credentials)
    {
        Path = path;
        Exists = exists;
        _credentials = credentials;
    }

    /// <summary>The file this came from (it may not exist).</summary>
    public string Path { get; }

    /// <summary>Whether the file existed; when not, there are no credentials.</summary>
    public bool Exists { get; }

    /// <summary>The names of the credentials the file holds, sorted.</summary>
    public IReadOnlyList<string> Names => _credentials.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Reads <paramref name="path"/>: no credentials when it does not exist; a <see cref="RuntimeError"/> listing
    /// every problem when it is not trusted (also when it lies inside one of <paramref name="writable"/>), too large
    /// or malformed.
    /// </summary>
    public static CredentialFile Load(string path, IReadOnlyList<WritableFolder>? writable = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (TrustedConfigFile.Read(full, "the credentials file", MaxBytes, TooLarge, writable, secret: true) is not { } file)
        {
            return new CredentialFile(full, false, new Dictionary<string, Credential>());
        }

        return Parse(file.Bytes, file.Described, full);
    }

    /// <summary>Parses credentials JSON (UTF-8) strictly; <paramref name="source"/> names the file in errors.</summary>
    public static CredentialFile Parse(byte[] utf8, string source, string path)
    {
        using var doc = StrictJson.Parse(utf8, problems => Malformed(source, problems), out var errors);
        var found = new Dictionary<string, Credential>(StringComparer.Ordinal);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(source, new[] { "the top level must be an object with the key credentials" });
        }

        errors.AddRange(root.EnumerateObject().Where(p => !TopKeys.Contains(p.Name))
            .Select(p => $"unknown key '{p.Name}'; the top level has only credentials"));
        if (!root.TryGetProperty("credentials", out var all))
        {
            errors.Add("credentials is missing; write \"credentials\": { \"NAME\": { \"header\": \"...\", \"value\": \"...\" } }");
        }
        else if (all.ValueKind != JsonValueKind.Object)
        {
            errors.Add("credentials must be an object from credential names to { header, value }");
        }
        else
        {
            foreach (var entry in all.EnumerateObject())
            {
                if (ParseEntry(entry, errors) is { } credential && !found.ContainsKey(credential.Name))
                {
                    found.Add(credential.Name, credential);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw Malformed(source, errors);
        }

        return new CredentialFile(path, true, found);
    }

    /// <summary>Whether <paramref name="name"/> is a credential name (the grammar of groups.yaml's credential:).</summary>
    public static bool IsName(string name) => NamePattern.IsMatch(name);

    /// <summary>The credential called <paramref name="name"/>, or null.</summary>
    public Credential? Find(string name) => _credentials.TryGetValue(name, out var credential) ? credential : null;

    /// <summary>
    /// What is missing for these egress destinations (each credential they name must exist and have a header), as
    /// one line per problem naming the credential; empty when all is there.
    /// </summary>
    public IReadOnlyList<string> EgressProblems(IEnumerable<EgressRule> rules)
    {
        var problems = new List<string>();
        foreach (var name in rules.Select(r => r.Credential).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (Find(name) is not { } credential)
            {
                problems.Add($"credential '{name}' is not in {Where()}; " +
                    $"add \"{name}\": {{ \"header\": \"<the header the service expects>\", \"value\": \"<the secret>\" }} under \"credentials\"");
            }
            else if (credential.Header is null)
            {
                problems.Add($"credential '{name}' in {Path} has no header, and an egress destination uses it; " +
                    "add \"header\" (e.g. \"x-api-key\" or \"Authorization\") to it");
            }
        }

        return problems;
    }

    /// <summary>Throws a <see cref="RuntimeError"/> naming every credential the destinations need that this file lacks.</summary>
    public void RequireForEgress(IEnumerable<EgressRule> rules, string what)
    {
        if (EgressProblems(rules) is { Count: > 0 } problems)
        {
            throw new RuntimeError(
                $"{what} names credentials the operator's credentials file does not give:{Environment.NewLine}" +
                string.Join(Environment.NewLine, problems.Select(p => "  - " + p)) +
                $"{Environment.NewLine}The file is {Path} (only you may write it: mode 0600), e.g.:{Environment.NewLine}{Example}");
        }
    }

    private string Where() => Exists ? Path : $"{Path} (there is no such file)";

    private static Credential? ParseEntry(JsonProperty entry, List<string> errors)
    {
        var name = entry.Name;
        var where = $"credentials.{name}";
        var ok = true;
        if (!NamePattern.IsMatch(name))
        {
            errors.Add($"'{name}' is not a credential name; use lower-case letters, digits, '_' and '-' (at most 64), as groups.yaml's credential: does");
            ok = false;
        }

        if (entry.Value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where} must be an object {{ \"header\": \"...\", \"value\": \"...\" }}");
            return null;
        }

        foreach (var unknown in entry.Value.EnumerateObject().Where(p => !EntryKeys.Contains(p.Name)))
        {
            errors.Add($"{where} has the unknown key '{unknown.Name}'; a credential has only header and value");
            ok = false;
        }

        string? header = null;
        if (entry.Value.TryGetProperty("header", out var h))
        {
            header = h.ValueKind == JsonValueKind.String ? h.GetString() : null;
            if (header is null || !HeaderPattern.IsMatch(header))
            {
                errors.Add($"{where}.header must be an HTTP header name such as x-api-key or Authorization");
                ok = false;
            }
            else if (FramingHeaders.Contains(header.ToLowerInvariant()))
            {
                errors.Add($"{where}.header '{header}' frames or routes the request and cannot carry a credential; " +
                    "write the header the service expects, such as x-api-key or Authorization");
                ok = false;
            }
        }

        string? value = null;
        if (!entry.Value.TryGetProperty("value", out var v))
        {
            errors.Add($"{where}.value is missing; write the secret there");
            ok = false;
        }
        else if (v.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value = v.GetString()))
        {
            errors.Add($"{where}.value must be a non-empty string");
            ok = false;
        }
        else if (value.Length > MaxValueLength)
        {
            errors.Add($"{where}.value is longer than {MaxValueLength} characters");
            ok = false;
        }
        else if (value.Any(c => char.IsControl(c)) || value.Trim() != value)
        {
            // Never echo the value: say what is wrong with it only.
            errors.Add($"{where}.value has a control character (such as a line break) or spaces at either end; " +
                "a header value cannot carry them, so write the secret alone");
            ok = false;
        }

        return ok ? new Credential(name, header, value!) : null;
    }

    private static RuntimeError TooLarge(string described, long size) =>
        new($"the credentials file {described} is {size} bytes, more than the {MaxBytes} bytes it may have; nothing was read. " +
            $"It holds a few credentials, e.g.:{Environment.NewLine}{Example}");

    private static RuntimeError Malformed(string source, IEnumerable<string> problems) =>
        new($"the credentials file {source} is malformed:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}" +
            $"{Environment.NewLine}Fix it, e.g.:{Environment.NewLine}{Example}");
}
