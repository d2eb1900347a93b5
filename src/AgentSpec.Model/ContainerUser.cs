using System.Globalization;

namespace AgentSpec.Model;

/// <summary>
/// The numeric user and group a group's container runs as. Never uid 0 or gid 0: <see cref="Parse"/> refuses
/// them, and the runtime refuses them again right before a launch. Value-equatable.
/// </summary>
public sealed record ContainerUser(long Uid, long Gid)
{
    /// <summary>The largest id accepted: ids stay in the signed 32-bit range every engine and runtime parses the same way.</summary>
    public const long MaxId = int.MaxValue;

    /// <summary>The image's 'node' user (uid and gid 1000), the default when agentspec itself runs as root.</summary>
    public static ContainerUser Node { get; } = new(1000, 1000);

    /// <summary>The "uid:gid" form the engine takes.</summary>
    public override string ToString() => Uid.ToString(CultureInfo.InvariantCulture) + ":" + Gid.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads "UID" or "UID:GID" (decimal digits only). A lone UID means UID:UID: left to the engine, the group would
    /// come from the image's /etc/passwd, or be 0 when the uid has no entry there. Returns null and a reason
    /// (e.g. "is uid 0 (root)") for anything else: names, empty parts, signs, spaces, root, ids above <see cref="MaxId"/>.
    /// </summary>
    public static ContainerUser? Parse(string text, out string? problem)
    {
        var colon = text.IndexOf(':');
        var uidText = colon < 0 ? text : text.Substring(0, colon);
        var gidText = colon < 0 ? uidText : text.Substring(colon + 1);
        if (text.Length == 0 || !IsDigits(uidText) || !IsDigits(gidText))
        {
            problem = HasLetter(text)
                ? "is a name, not a number: names are looked up in the image's /etc/passwd, where any name can map to uid 0"
                : "is not of the form UID or UID:GID (decimal digits only)";
            return null;
        }

        // Digits only, so the only failure left is size.
        if (!long.TryParse(uidText, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) || uid > MaxId
            || !long.TryParse(gidText, NumberStyles.None, CultureInfo.InvariantCulture, out var gid) || gid > MaxId)
        {
            problem = "has an id above " + MaxId.ToString(CultureInfo.InvariantCulture);
            return null;
        }

        if (uid == 0)
        {
            problem = "is uid 0 (root)";
            return null;
        }

        if (gid == 0)
        {
            problem = "has gid 0 (the root group)";
            return null;
        }

        problem = null;
        return new ContainerUser(uid, gid);
    }

    /// <summary>Why this user may not run a container, or null. For users built by hand rather than parsed.</summary>
    public string? Problem =>
        Uid == 0 ? "is uid 0 (root)"
        : Gid == 0 ? "has gid 0 (the root group)"
        : Uid < 0 || Gid < 0 || Uid > MaxId || Gid > MaxId ? "has an id outside 1.." + MaxId.ToString(CultureInfo.InvariantCulture)
        : null;

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    private static bool HasLetter(string s)
    {
        foreach (var c in s)
        {
            if (char.IsLetter(c))
            {
                return true;
            }
        }

        return false;
    }
}
