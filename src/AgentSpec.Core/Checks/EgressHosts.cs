using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Checks;

/// <summary>
/// AGS0701–AGS0706, AGS0709, AGS0710, AGS0718: what an egress host may be. An exact lowercase DNS name, a leftmost
/// <c>*.</c> wildcard below a domain of at least two labels, or an IP literal that is public (private only with
/// private: true; loopback, link-local and unspecified never). Pure: it parses text, it resolves nothing.
/// </summary>
internal static class EgressHosts
{
    private static readonly Regex DottedQuad = new(@"^[0-9]{1,3}(\.[0-9]{1,3}){3}$", RegexOptions.CultureInvariant);
    private static readonly Regex NumericName = new(@"^[0-9.]+$", RegexOptions.CultureInvariant);
    private static readonly Regex Digits = new("^[0-9]+$", RegexOptions.CultureInvariant);

    /// <summary>Names that always mean the host itself or the cloud's metadata service, whatever DNS says.</summary>
    private static readonly string[] ReservedNames = { "localhost", "metadata.google.internal" };

    /// <summary>Reports what is wrong with the host, once, where it is written; true when it can become a rule.</summary>
    public static bool Check(Located<string> host, bool allowPrivate, List<Finding> findings)
    {
        var finding = Problem(host.Value, allowPrivate);
        if (finding is null)
        {
            return true;
        }

        findings.Add(finding(host.Span));
        return false;
    }

    private static Func<SourceSpan, Finding>? Problem(string value, bool allowPrivate)
    {
        if (value.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0)
        {
            return UrlLike(value, value.Substring(scheme + 3), "is a URL");
        }

        if (value.IndexOf('/') is var slash and >= 0)
        {
            var left = value.Substring(0, slash);
            return IpLiteral(left) is not null && Digits.IsMatch(value.Substring(slash + 1))
                ? span => Rules.EgressHostIsRange.At(span, value)
                : UrlLike(value, value, "has a path");
        }

        if (value.IndexOf('@') >= 0)
        {
            return UrlLike(value, value, "has a user name");
        }

        if (value.StartsWith("[", StringComparison.Ordinal))
        {
            return UrlLike(value, value, "is written in brackets");
        }

        if (value.IndexOf(':') >= 0)
        {
            return IpLiteral(value) is { } v6 ? Address(value, v6, allowPrivate) : UrlLike(value, value, "has a port");
        }

        if (value == "*")
        {
            return span => Rules.EgressWildcardTooBroad.At(span, value, "matches every host on the internet");
        }

        var name = value;
        if (value.IndexOf('*') >= 0)
        {
            if (!value.StartsWith("*.", StringComparison.Ordinal) || value.IndexOf('*', 1) >= 0)
            {
                return Misplaced(value);
            }

            name = value.Substring(2);
            if (name.IndexOf('.') < 0 && name.Length > 0)
            {
                return span => Rules.EgressWildcardTooBroad.At(span, value, $"matches every name under the top-level domain '.{name}'");
            }

            if (allowPrivate)
            {
                return span => Rules.EgressPrivateWildcard.At(span, value, "host." + name);
            }
        }

        if (value.ToLowerInvariant() != value)
        {
            return span => Rules.EgressUppercaseHost.At(span, value, value.ToLowerInvariant());
        }

        if (DottedQuad.IsMatch(name) && IpLiteral(name) is { } v4)
        {
            return name == value
                ? Address(value, v4, allowPrivate)
                : span => Rules.EgressInvalidHost.At(span, value, "a wildcard goes before a name, not an address");
        }

        if (ReservedNames.Any(r => name == r || name.EndsWith("." + r, StringComparison.Ordinal)))
        {
            var what = name.EndsWith("localhost", StringComparison.Ordinal) ? "a loopback name" : "the cloud metadata service's name";
            return span => Rules.EgressReservedAddress.At(span, value, what);
        }

        return NameProblem(name) is { } problem ? span => Rules.EgressInvalidHost.At(span, value, problem) : null;
    }

    /// <summary>Why a name (without its wildcard) is not a DNS host name, or null.</summary>
    private static string? NameProblem(string name)
    {
        if (name.EndsWith(".", StringComparison.Ordinal))
        {
            return "it ends with '.'; write it without, host: " + name.TrimEnd('.');
        }

        if (name.Length > 253)
        {
            return "it is longer than 253 characters";
        }

        if (NumericName.IsMatch(name))
        {
            return "it is only digits and dots, like a shortened IP address; write the address as four numbers (e.g. 203.0.113.7) or the host name";
        }

        var labels = name.Split('.');
        if (labels.Length < 2)
        {
            return "it is a single label; write the fully qualified name (e.g. " + name + ".example.com): the gateway resolves names without search domains";
        }

        foreach (var label in labels)
        {
            if (label.Length == 0)
            {
                return "it has an empty label ('..' or a leading '.')";
            }

            if (label.Length > 63)
            {
                return $"the label '{label.Substring(0, 20)}…' is longer than 63 characters";
            }

            if (label.FirstOrDefault(c => !(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')) is var bad and not '\0')
            {
                return $"it contains '{bad}'";
            }

            if (label.StartsWith("-", StringComparison.Ordinal) || label.EndsWith("-", StringComparison.Ordinal))
            {
                return $"the label '{label}' starts or ends with '-'";
            }
        }

        return Digits.IsMatch(labels[labels.Length - 1]) ? "its last label is a number" : null;
    }

    /// <summary>AGS0703 with the host the entry meant: scheme, user, path and port taken off, and the port as its own key.</summary>
    private static Func<SourceSpan, Finding> UrlLike(string value, string rest, string what)
    {
        var authority = rest.Split('/', '?', '#')[0];
        authority = authority.Substring(authority.LastIndexOf('@') + 1);
        string? port = null;
        if (authority.StartsWith("[", StringComparison.Ordinal) && authority.IndexOf(']') is var close and > 0)
        {
            port = authority.Substring(close + 1).TrimStart(':');
            authority = authority.Substring(1, close - 1);
        }
        else if (authority.LastIndexOf(':') is var colon and >= 0 && authority.IndexOf(':') == colon)
        {
            port = authority.Substring(colon + 1);
            authority = authority.Substring(0, colon);
        }

        var host = authority.Length == 0 ? "api.example.com" : authority.ToLowerInvariant();
        var portHint = port is { Length: > 0 } && Digits.IsMatch(port) ? " and port: " + port : string.Empty;
        return span => Rules.EgressHostIsUrl.At(span, value, what, host, portHint);
    }

    private static Func<SourceSpan, Finding> Misplaced(string value)
    {
        var labels = value.Split('.');
        var last = Array.FindLastIndex(labels, l => l.IndexOf('*') >= 0);
        var parent = string.Join(".", labels.Skip(last + 1));
        var where = labels.Take(last + 1).Any(l => l != "*") ? "inside a label" : "after the leftmost label";
        return span => Rules.EgressWildcardMisplaced.At(span, value, where, "*." + (parent.Length > 0 ? parent : "example.com"));
    }

    private static IPAddress? IpLiteral(string text)
    {
        if (!IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        // IPAddress also reads '1' and '010.1' as IPv4; only the four-number form and IPv6 are addresses here.
        return address.AddressFamily == AddressFamily.InterNetworkV6 || DottedQuad.IsMatch(text) ? address : null;
    }

    private static Func<SourceSpan, Finding>? Address(string value, IPAddress address, bool allowPrivate)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var (reserved, isPrivate) = Classify(address);
        if (reserved is not null)
        {
            return span => Rules.EgressReservedAddress.At(span, value, reserved);
        }

        return isPrivate is not null && !allowPrivate ? span => Rules.EgressPrivateAddress.At(span, value, isPrivate) : null;
    }

    /// <summary>(never reachable: why, private: which range); both null for a public address.</summary>
    private static (string? Reserved, string? Private) Classify(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return b[0] switch
            {
                0 => ("the unspecified address (0.0.0.0/8)", null),
                127 => ("a loopback address (127.0.0.0/8)", null),
                169 when b[1] == 254 && b[2] == 169 && b[3] == 254 => ("the cloud metadata address (link-local 169.254.0.0/16)", null),
                169 when b[1] == 254 => ("a link-local address (169.254.0.0/16)", null),
                >= 224 => ("a multicast, reserved or broadcast address (224.0.0.0/3)", null),
                10 => (null, "10.0.0.0/8"),
                172 when b[1] is >= 16 and <= 31 => (null, "172.16.0.0/12"),
                192 when b[1] == 168 => (null, "192.168.0.0/16"),
                100 when b[1] is >= 64 and <= 127 => (null, "100.64.0.0/10, carrier-grade NAT"),
                _ => (null, null),
            };
        }

        if (address.Equals(IPAddress.IPv6Any))
        {
            return ("the unspecified address (::)", null);
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return ("the loopback address (::1)", null);
        }

        if (address.IsIPv6LinkLocal || address.ScopeId != 0)
        {
            return ("a link-local address (fe80::/10)", null);
        }

        if (address.IsIPv6Multicast)
        {
            return ("a multicast address (ff00::/8)", null);
        }

        return (b[0] & 0xfe) == 0xfc ? (null, "fc00::/7, unique local")
            : address.IsIPv6SiteLocal ? (null, "fec0::/10, site-local")
            : (null, null);
    }

    /// <summary>Port text to a number; null when it is not an integer at all (the schema reported it).</summary>
    public static long? Port(string digits) =>
        long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
