using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;

namespace AgentSpec.Core.Checks;

/// <summary>
/// AGS0707, AGS0708, AGS0711, AGS0712, AGS0714–AGS0717: egress lists in 'defaults' and per group, how they combine
/// with 'network', and the policy for non-main groups (<see cref="EgressHosts"/> judges each host). A group's own list
/// replaces defaults.egress whole, and a group that writes its own 'network' does not inherit defaults.egress: the
/// more specific declaration wins, and both on one level is an error. Pure; reads the declaration, never changes it.
/// </summary>
internal static class EgressRules
{
    public const int DefaultPort = 443;

    private static readonly Regex CredentialName = new("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);

    /// <summary>The findings about every egress list of the file, in file order: defaults first, then each group.</summary>
    public static IReadOnlyList<Finding> Check(FileDeclaration file)
    {
        var findings = new List<Finding>();
        if (file.DefaultEgress is { } defaults)
        {
            CheckList(defaults, findings);
            if (defaults.Entries.Count > 0 && file.DefaultNetwork is { } network)
            {
                findings.Add(Rules.EgressWithNetwork.At(network.Span, Conflict("defaults", defaults, network.Value)));
            }
        }

        foreach (var group in file.Groups)
        {
            if (group.Egress is { } own)
            {
                CheckList(own, findings);
                if (own.Entries.Count > 0 && group.Network is { } network)
                {
                    findings.Add(Rules.EgressWithNetwork.At(network.Span, Conflict("Group '" + (group.Id?.Value ?? "?") + "'", own, network.Value)));
                }
            }

            CheckNonMain(group, file, findings);
        }

        return findings;
    }

    /// <summary>The list a group's plan gets: its own, else defaults.egress unless the group writes its own network; null for none.</summary>
    public static EgressListDeclaration? ListOf(GroupDeclaration group, FileDeclaration file) =>
        group.Egress ?? (group.Network is null ? file.DefaultEgress : null);

    /// <summary>The group's compiled destinations, in file order (entries the rules refused are left out; they are errors that drop every plan).</summary>
    public static EquatableArray<EgressRule> EgressOf(GroupDeclaration group, FileDeclaration file) =>
        (ListOf(group, file)?.Entries ?? Array.Empty<EgressDeclaration>())
            .Where(e => e.Host is not null && PortOf(e) is >= 1 and <= 65535)
            .Select(e => new EgressRule(e.Host!.Value, (int)PortOf(e)!.Value, e.Credential?.Value) { AllowPrivate = e.Private?.Value ?? false })
            .ToEquatableArray();

    /// <summary>Whether the group's egress is defaults.egress (it declares no list of its own).</summary>
    public static bool InheritsDefaults(GroupDeclaration group, FileDeclaration file) => group.Egress is null && ListOf(group, file) is not null;

    /// <summary>The credential-name grammar (AGS0712), shared by MCP server credentials (AGS0807).</summary>
    public static bool IsCredentialName(string name) => CredentialName.IsMatch(name);

    private static long? PortOf(EgressDeclaration entry) => entry.Port is { } port ? EgressHosts.Port(port.Value) : DefaultPort;

    private static void CheckList(EgressListDeclaration list, List<Finding> findings)
    {
        var seen = new Dictionary<(string, long), EgressDeclaration>();
        foreach (var entry in list.Entries)
        {
            var usable = entry.Host is { } host && EgressHosts.Check(host, entry.Private?.Value ?? false, findings);
            var port = PortOf(entry);
            if (entry.Port is { } written && port is not (>= 1 and <= 65535))
            {
                findings.Add(Rules.EgressPortOutOfRange.At(written.Span, written.Value, entry.Host?.Value ?? "?"));
                usable = false;
            }

            CheckCredential(entry, findings);
            if (!usable || port is null)
            {
                continue;
            }

            var key = (entry.Host!.Value, port.Value);
            if (seen.TryGetValue(key, out var first))
            {
                var differs = first.Credential?.Value != entry.Credential?.Value ? " with another credential" : string.Empty;
                findings.Add(Rules.EgressDuplicate.At(entry.Host.Span, Destination(entry.Host.Value, port.Value), first.Node.Span.StartLine + 1, differs));
            }
            else
            {
                seen.Add(key, entry);
            }
        }
    }

    private static void CheckCredential(EgressDeclaration entry, List<Finding> findings)
    {
        if (entry.Credential is not { } credential)
        {
            return;
        }

        if (!CredentialName.IsMatch(credential.Value))
        {
            findings.Add(Rules.EgressInvalidCredentialName.At(credential.Span, credential.Value));
        }
        else if (entry.Host is { } host && host.Value.StartsWith("*.", StringComparison.Ordinal))
        {
            findings.Add(Rules.EgressCredentialOnWildcard.At(credential.Span, host.Value, credential.Value, "api." + host.Value.Substring(2)));
        }
    }

    /// <summary>
    /// AGS0715–AGS0717: a non-main group reaches nothing unless the policy allows it, uses no credential unless allowed,
    /// and is warned about wildcards.
    /// </summary>
    private static void CheckNonMain(GroupDeclaration group, FileDeclaration file, List<Finding> findings)
    {
        if (group.IsMain || ListOf(group, file) is not { Entries.Count: > 0 } list)
        {
            return;
        }

        var inherited = group.Egress is null;
        var via = inherited ? " (it inherits defaults.egress, line " + Line(list.KeySpan) + ")" : string.Empty;
        var id = group.Id?.Value ?? "?";
        var groupSpan = group.Id?.Span ?? group.Node.Span;
        if (!file.NonMainEgress)
        {
            findings.Add(Rules.NonMainEgress.At(inherited ? groupSpan : list.KeySpan, id, via));
            return;
        }

        foreach (var entry in list.Entries.Where(e => e.Host is not null))
        {
            if (entry.Credential is { } credential && !file.NonMainCredentials)
            {
                findings.Add(Rules.NonMainCredential.At(inherited ? groupSpan : credential.Span, id, credential.Value, entry.Host!.Value, via));
            }

            if (entry.Host!.Value.StartsWith("*.", StringComparison.Ordinal))
            {
                findings.Add(Rules.NonMainWildcardEgress.At(inherited ? groupSpan : entry.Host.Span, id, entry.Host.Value, via));
            }
        }
    }

    private static string Conflict(string who, EgressListDeclaration egress, string network) => network == NetworkModes.ProxyName
        ? $"{who} declares egress (line {Line(egress.KeySpan)}) and network: proxy; egress goes through AgentSpec's gateway, "
            + "network: proxy through the operator's proxy, and a container has one way out. Remove network: proxy to use the gateway "
            + "(egress implies it), or remove egress to keep the operator's proxy"
        : $"{who} declares egress (line {Line(egress.KeySpan)}) and network: none; egress implies AgentSpec's gateway network, "
            + "network: none means no network at "
            + "all. Remove network: none to let the agent reach its egress, or remove egress to keep it off the network";

    private static string Destination(string host, long port) => host + ":" + port.ToString(CultureInfo.InvariantCulture);

    private static string Line(SourceSpan span) => (span.StartLine + 1).ToString(CultureInfo.InvariantCulture);
}
