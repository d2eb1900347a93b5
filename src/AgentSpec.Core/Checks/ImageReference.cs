using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Checks;

/// <summary>
/// AGS0414: an image reference follows Docker's reference grammar (github.com/distribution/reference):
/// [domain[:port]/]path[:tag][@digest], path components lowercase alphanumerics joined by '.', '_', '__' or
/// dashes, the tag [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}, the name at most 255 characters. Used at build time
/// (defaults.image, a group's image) and at run time (`agentspec run --image`), so both refuse the same text.
/// Stricter than the grammar in two places: the first component is a registry only when it has '.' or ':'
/// or is 'localhost' (so 'UPPER/case' is a repository with uppercase letters, not a registry called UPPER),
/// and a digest must use sha256, sha384 or sha512 with the right number of lowercase hex digits.
/// </summary>
internal static class ImageReference
{
    public const int MaxNameLength = 255;

    /// <summary>A valid reference to show next to a refusal.</summary>
    public const string Example = "agentspec/agent:latest";

    private static readonly Regex PathComponent = new("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$", RegexOptions.CultureInvariant);
    private static readonly Regex DomainName = new("^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*$", RegexOptions.CultureInvariant);
    private static readonly Regex Ipv6 = new("^\\[[a-fA-F0-9:]+\\]$", RegexOptions.CultureInvariant);
    private static readonly Regex Port = new("^[0-9]{1,5}$", RegexOptions.CultureInvariant);
    private static readonly Regex Tag = new("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, int> DigestLengths = new(StringComparer.Ordinal)
    {
        ["sha256"] = 64,
        ["sha384"] = 96,
        ["sha512"] = 128,
    };

    /// <summary>Reports AGS0414 when the value is not a valid reference; true when it is (or is empty: the schema reports that).</summary>
    public static bool Check(Located<string> image, List<Finding> findings)
    {
        if (image.Value.Length == 0)
        {
            return false; // AGS0105 (minLength) already says so.
        }

        var problem = Problem(image.Value);
        if (problem is null)
        {
            return true;
        }

        findings.Add(Rules.InvalidImageReference.At(image.Span, image.Value, problem, SuggestionFor(image.Value)));
        return false;
    }

    /// <summary>The full refusal text for run time (same words as the diagnostic), or null when the reference is valid.</summary>
    public static string? Refusal(string reference) =>
        Problem(reference) is { } problem
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Rules.InvalidImageReference.MessageFormat, reference, problem, SuggestionFor(reference))
            : null;

    /// <summary>What is wrong with the reference, or null when it is valid.</summary>
    public static string? Problem(string reference)
    {
        if (CharactersProblem(reference) is { } characters)
        {
            return characters;
        }

        var name = reference;
        var at = reference.IndexOf('@');
        if (at >= 0)
        {
            if (DigestProblem(reference.Substring(at + 1)) is { } digestProblem)
            {
                return digestProblem;
            }

            name = reference.Substring(0, at);
        }

        var lastSlash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', lastSlash + 1);
        if (colon >= 0)
        {
            var tag = name.Substring(colon + 1);
            if (!Tag.IsMatch(tag))
            {
                return $"the tag '{tag}' is not valid: a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
            }

            name = name.Substring(0, colon);
        }

        return NameProblem(name);
    }

    /// <summary>Empty, whitespace or control characters, or a leading '-' (read as an option); null when none.</summary>
    private static string? CharactersProblem(string reference)
    {
        if (reference is null || reference.Length == 0)
        {
            return "it is empty";
        }

        foreach (var c in reference)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "it contains whitespace or a control character";
            }
        }

        if (reference[0] == '-')
        {
            return "it starts with '-', which command-line tools read as an option";
        }

        return null;
    }

    /// <summary>The repository name (without tag and digest): its length, the registry, each path component; null when valid.</summary>
    private static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "it has no repository name";
        }

        if (name.Length > MaxNameLength)
        {
            return $"the repository name is {name.Length} characters long, more than Docker's limit of {MaxNameLength}";
        }

        var components = name.Split('/');
        var first = 0;
        if (components.Length > 1 && LooksLikeRegistry(components[0]))
        {
            if (RegistryProblem(components[0]) is { } registryProblem)
            {
                return registryProblem;
            }

            first = 1;
        }

        for (var i = first; i < components.Length; i++)
        {
            var component = components[i];
            if (PathComponent.IsMatch(component))
            {
                continue;
            }

            if (component.Length == 0)
            {
                return "it has an empty path component ('//', or '/' at the start or end)";
            }

            if (PathComponent.IsMatch(component.ToLowerInvariant()))
            {
                return $"the path component '{component}' has uppercase letters; repository names are lowercase";
            }

            return $"the path component '{component}' is not valid: use lowercase letters and digits, joined by '.', '_', '__' or '-' (no '..', and not starting or ending with a separator)";
        }

        return null;
    }

    // distribution/reference: the first component is a registry when it has '.' or ':' or is 'localhost'.
    // A component of dots only ('..') is a path component, so it gets the path message.
    private static bool LooksLikeRegistry(string component) =>
        (component.IndexOf('.') >= 0 || component.IndexOf(':') >= 0 || component == "localhost" || component.StartsWith("[", StringComparison.Ordinal))
        && component.Trim('.').Length > 0;

    private static string? RegistryProblem(string registry)
    {
        var host = registry;
        var portColon = registry.StartsWith("[", StringComparison.Ordinal) ? registry.IndexOf("]:", StringComparison.Ordinal) + 1 : registry.LastIndexOf(':');
        if (portColon > 0)
        {
            var port = registry.Substring(portColon + 1);
            if (!Port.IsMatch(port))
            {
                return $"the registry port '{port}' is not a number";
            }

            host = registry.Substring(0, portColon);
        }

        return DomainName.IsMatch(host) || Ipv6.IsMatch(host)
            ? null
            : $"the registry '{registry}' is not a host name (letters, digits and '-', separated by '.', with an optional :port)";
    }

    private static string? DigestProblem(string digest)
    {
        var colon = digest.IndexOf(':');
        var algorithm = colon < 0 ? digest : digest.Substring(0, colon);
        if (colon < 0 || !DigestLengths.TryGetValue(algorithm, out var length))
        {
            return $"the digest '{digest}' is not valid: write @sha256: followed by 64 lowercase hex digits (sha384 and sha512 work too)";
        }

        var hex = digest.Substring(colon + 1);
        if (hex.Length != length)
        {
            return $"the {algorithm} digest has {hex.Length} hex digits; it needs exactly {length}";
        }

        foreach (var c in hex)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return $"the {algorithm} digest must be lowercase hex digits (0-9, a-f)";
            }
        }

        return null;
    }

    /// <summary>
    /// A valid reference to suggest: the same reference with its registry and repository lowercased when that
    /// is valid (tags are case-sensitive, so they stay), else <see cref="Example"/>.
    /// </summary>
    private static string SuggestionFor(string reference)
    {
        reference ??= string.Empty;
        var at = reference.IndexOf('@');
        var name = at < 0 ? reference : reference.Substring(0, at);
        var colon = name.IndexOf(':', name.LastIndexOf('/') + 1);
        var end = colon < 0 ? name.Length : colon;
        var lowered = reference.Substring(0, end).ToLowerInvariant() + reference.Substring(end);
        return lowered != reference && Problem(lowered) is null ? lowered : Example;
    }
}
