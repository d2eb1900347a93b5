using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>
/// The egress part of the access diff, per group and on the effective lists (a group's own, or the defaults.egress it
/// inherits), so egress moved into defaults shows as what each group gains or keeps. Destinations are matched by host
/// and port, then a wildcard with what it covers: a new destination is egress-added, a wider wildcard (or an exact host
/// become a wildcard, or private: true) egress-widened, a new or other credential on a destination credential-added;
/// each reverse is a revoke.
/// </summary>
internal static class EgressDiff
{
    public static void Compare(
        string id, EquatableArray<EgressRule> before, EquatableArray<EgressRule> after, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        var left = before.ToList();
        var right = after.ToList();
        foreach (var a in after)
        {
            if (left.FirstOrDefault(b => b.Host == a.Host && b.Port == a.Port) is { } same)
            {
                Same(id, same, a, bl, hl, changes);
                left.Remove(same);
                right.Remove(a);
            }
        }

        foreach (var a in right.ToList())
        {
            // Exact -> wildcard, or a wildcard over a wider parent: the agent now reaches every name the new rule covers.
            if (left.FirstOrDefault(b => b.Port == a.Port && a.IsWildcard && a.Covers(Bare(b.Host))) is { } narrower)
            {
                changes.Add(Change(id, ChangeEffect.Grant, ChangeKinds.EgressWidened, narrower, a, bl, hl));
                CompareCredential(id, narrower, a, bl, hl, changes);
                left.Remove(narrower);
                right.Remove(a);
            }
            else if (left.FirstOrDefault(b => b.Port == a.Port && b.IsWildcard && b.Covers(Bare(a.Host))) is { } wider)
            {
                changes.Add(Change(id, ChangeEffect.Revoke, ChangeKinds.EgressNarrowed, wider, a, bl, hl));
                CompareCredential(id, wider, a, bl, hl, changes);
                left.Remove(wider);
                right.Remove(a);
            }
        }

        foreach (var a in right)
        {
            changes.Add(Change(id, ChangeEffect.Grant, ChangeKinds.EgressAdded, null, a, bl, hl));
            if (a.Credential is not null)
            {
                changes.Add(Credential(id, ChangeEffect.Grant, ChangeKinds.CredentialAdded, null, a, bl, hl));
            }
        }

        foreach (var b in left)
        {
            changes.Add(Change(id, ChangeEffect.Revoke, ChangeKinds.EgressRemoved, b, null, bl, hl));
        }
    }

    /// <summary>The same host and port on both sides: only private: true and the credential can differ.</summary>
    private static void Same(string id, EgressRule b, EgressRule a, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        if (b.AllowPrivate != a.AllowPrivate)
        {
            var grant = a.AllowPrivate;
            var kind = grant ? ChangeKinds.EgressWidened : ChangeKinds.EgressNarrowed;
            changes.Add(Change(id, grant ? ChangeEffect.Grant : ChangeEffect.Revoke, kind, b, a, bl, hl));
        }

        CompareCredential(id, b, a, bl, hl, changes);
    }

    private static void CompareCredential(string id, EgressRule b, EgressRule a, GroupLines? bl, GroupLines? hl, List<AccessChange> changes)
    {
        if (b.Credential == a.Credential)
        {
            return;
        }

        // Another name is another key the gateway adds for the agent: a grant like a new one.
        changes.Add(a.Credential is null
            ? Credential(id, ChangeEffect.Revoke, ChangeKinds.CredentialRemoved, b, a, bl, hl)
            : Credential(id, ChangeEffect.Grant, ChangeKinds.CredentialAdded, b, a, bl, hl));
    }

    private static AccessChange Change(string id, ChangeEffect effect, string kind, EgressRule? b, EgressRule? a, GroupLines? bl, GroupLines? hl) =>
        new(id, effect, kind, b?.Describe(), a?.Describe(), b is null ? null : LineOf(bl, b), a is null ? null : LineOf(hl, a));

    private static AccessChange Credential(string id, ChangeEffect effect, string kind, EgressRule? b, EgressRule? a, GroupLines? bl, GroupLines? hl) =>
        new(
            id, effect, kind, b is null ? null : CredentialText(b), a is null ? null : CredentialText(a),
            b is null ? null : LineOf(bl, b), a is null ? null : LineOf(hl, a));

    private static string CredentialText(EgressRule rule) =>
        (rule.Credential is null ? "no credential" : "credential " + rule.Credential)
            + " for " + rule.Host + ":" + rule.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int? LineOf(GroupLines? lines, EgressRule rule) =>
        lines?.Egress.FirstOrDefault(e => e.Host == rule.Host && e.Port == rule.Port)?.Line ?? lines?.EgressLine;

    /// <summary>'*.a.example' as a name a wildcard can cover ('x.a.example' stands for every name below it); an exact host as it is.</summary>
    private static string Bare(string host) => host.StartsWith("*.", System.StringComparison.Ordinal) ? "x" + host.Substring(1) : host;
}
