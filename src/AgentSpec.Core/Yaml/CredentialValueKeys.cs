using System;
using System.Linq;

namespace AgentSpec.Core.Yaml;

/// <summary>
/// Keys of an egress entry that look like a credential's value (apiKey:, token:, value:, ...). The schema refuses
/// them as unknown keys; this decides that the refusal says where values live instead (AGS0713).
/// </summary>
internal static class CredentialValueKeys
{
    private static readonly string[] Exact = { "key", "value", "auth", "bearer", "header", "headers", "authorization", "apikey", "xapikey" };

    private static readonly string[] Parts = { "token", "secret", "password", "passwd", "apikey", "accesskey", "privatekey" };

    /// <summary>Whether an egress entry key names a value: compared without case, '-' and '_'.</summary>
    public static bool IsValueKey(string key)
    {
        var folded = new string(key.Where(c => c != '-' && c != '_').Select(char.ToLowerInvariant).ToArray());
        return Exact.Contains(folded, StringComparer.Ordinal) || Parts.Any(p => folded.IndexOf(p, StringComparison.Ordinal) >= 0);
    }

    /// <summary>Whether a validator path names an egress entry: 'groups[0].egress[1]' or 'defaults.egress[0]'.</summary>
    public static bool IsEgressEntry(string path) => System.Text.RegularExpressions.Regex.IsMatch(path, @"(^|\.)egress\[\d+\]$");
}
