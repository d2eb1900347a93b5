using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace AgentSpec.Runtime;

/// <summary>
/// Which addresses the gateway connects to. A destination's address must be public: never loopback, link-local
/// (169.254.0.0/16 with the cloud metadata address 169.254.169.254, fe80::/10), unspecified (0.0.0.0/8, ::),
/// multicast, broadcast, reserved (240.0.0.0/4) or one of the gateway's own addresses; private addresses (RFC 1918,
/// 100.64.0.0/10 CGNAT, fc00::/7) only for a destination that says private: true. IPv4 inside IPv6 (::ffff:a.b.c.d,
/// 64:ff9b::/96 NAT64, 2002::/16 6to4) is judged as the IPv4 address it carries. TEST-NET-3 (203.0.113.0/24) is
/// public, as any documentation range is.
/// </summary>
internal static class GatewayAddresses
{
    /// <summary>Why the gateway must not connect to <paramref name="address"/> ("loopback", "private (RFC 1918)", ...), or null when it may.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivate, IReadOnlyCollection<IPAddress> own)
    {
        var judged = Embedded(address);
        foreach (var mine in own)
        {
            if (Embedded(mine).Equals(judged))
            {
                return "one of the gateway's own addresses";
            }
        }

        var kind = judged.AddressFamily == AddressFamily.InterNetwork ? V4(judged.GetAddressBytes()) : V6(judged.GetAddressBytes());
        return kind switch
        {
            null => null,
            _ when kind.StartsWith("private", System.StringComparison.Ordinal) && allowPrivate => null,
            _ => kind,
        };
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), else the address itself.</summary>
    public static IPAddress Embedded(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var b = address.GetAddressBytes();
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && AllZero(b, 4, 12))
        {
            return new IPAddress(new[] { b[12], b[13], b[14], b[15] });
        }

        return b[0] == 0x20 && b[1] == 0x02 ? new IPAddress(new[] { b[2], b[3], b[4], b[5] }) : address;
    }

    private static string? V4(byte[] b) => b switch
    {
        [127, ..] => "loopback",
        [0, ..] => "unspecified (0.0.0.0/8)",
        [169, 254, ..] => "link-local (169.254.0.0/16, where cloud metadata lives)",
        [10, ..] => "private (RFC 1918)",
        [172, >= 16 and <= 31, ..] => "private (RFC 1918)",
        [192, 168, ..] => "private (RFC 1918)",
        [100, >= 64 and <= 127, ..] => "private (100.64.0.0/10, carrier-grade NAT)",
        [255, 255, 255, 255] => "broadcast",
        [>= 224 and <= 239, ..] => "multicast",
        [>= 240, ..] => "reserved (240.0.0.0/4)",
        _ => null,
    };

    private static string? V6(byte[] b)
    {
        if (AllZero(b, 0, 15) && b[15] == 1)
        {
            return "loopback";
        }

        if (AllZero(b, 0, 16))
        {
            return "unspecified (::)";
        }

        return b[0] switch
        {
            0xfe when (b[1] & 0xc0) == 0x80 => "link-local (fe80::/10)",
            0xfe when (b[1] & 0xc0) == 0xc0 => "site-local (fec0::/10)",
            0xfc or 0xfd => "private (fc00::/7, unique local)",
            0xff => "multicast",
            _ => null,
        };
    }

    private static bool AllZero(byte[] b, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            if (b[i] != 0)
            {
                return false;
            }
        }

        return true;
    }
}
