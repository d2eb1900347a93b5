using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AgentSpec.Runtime;

namespace AgentSpec.Kubernetes;

/// <summary>
/// Object names and label values as Kubernetes accepts them. Names are DNS-1123 labels (at most 63 lowercase letters,
/// digits and '-', starting and ending with a letter or digit), which every kind rendered here accepts (a Pod's name
/// also becomes its hostname, a label). Sanitising is deterministic, so the same plan always renders the same names;
/// two objects of one kind that would end up with the same name are refused by <see cref="NameRegistry"/>, never merged.
/// </summary>
internal static partial class KubernetesNames
{
    public const int MaxNameLength = 63;

    public const int MaxLabelValueLength = 63;

    /// <summary>Prefix of every object name, as the runtime's container names (agentspec-&lt;group&gt;-&lt;session&gt;-&lt;run&gt;).</summary>
    public const string Prefix = "agentspec";

    /// <summary>
    /// A DNS-1123 label made of <paramref name="parts"/> joined by '-': lowercased, every other character turned into
    /// '-', runs of '-' collapsed, '-' trimmed at both ends. A name longer than 63 characters keeps its first 54 and
    /// gets '-' and 8 hex digits of the SHA-256 of the unsanitised parts, so long names stay distinct and stable.
    /// </summary>
    public static string Name(params string[] parts)
    {
        var joined = string.Join("-", parts);
        var name = Collapse().Replace(NotNameCharacter().Replace(joined.ToLowerInvariant(), "-"), "-").Trim('-');
        if (name.Length > MaxNameLength)
        {
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(joined)), 0, 4).ToLowerInvariant();
            name = name[..(MaxNameLength - hash.Length - 1)].TrimEnd('-') + "-" + hash;
        }

        return name.Length == 0 ? throw new RuntimeError($"'{joined}' leaves no letter or digit for a Kubernetes object name") : name;
    }

    /// <summary>True when <paramref name="name"/> is a DNS-1123 label.</summary>
    public static bool IsDnsLabel(string name) => name.Length is > 0 and <= MaxNameLength && DnsLabel().IsMatch(name);

    /// <summary>
    /// <paramref name="value"/> as a label value, unchanged: labels are how agentspec and kubectl find a group's Pods
    /// (<c>-l agentspec.group=main</c>), so a value is never rewritten; one Kubernetes cannot store is refused.
    /// </summary>
    public static string LabelValue(string value, string what)
    {
        if (value.Length > MaxLabelValueLength || !LabelValuePattern().IsMatch(value))
        {
            throw new RuntimeError(
                $"{what} '{value}' cannot be a Kubernetes label value (at most {MaxLabelValueLength} letters, digits, '-', '_' or '.', starting and ending with a letter or digit); " +
                "labels carry it unchanged so that kubectl -l finds the Pods, so use a shorter name of that shape");
        }

        return value;
    }

    [GeneratedRegex("[^a-z0-9-]", RegexOptions.CultureInvariant)]
    private static partial Regex NotNameCharacter();

    [GeneratedRegex("-{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Collapse();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValuePattern();
}
