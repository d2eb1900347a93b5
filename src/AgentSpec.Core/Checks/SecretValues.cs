using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Core.Checks;

/// <summary>
/// Whether a plain value written in groups.yaml looks like a secret (AGS0804): a known token prefix, a private key,
/// or a long high-entropy token. groups.yaml is reviewed and committed, so a secret there is leaked already.
/// </summary>
internal static class SecretValues
{
    /// <summary>Prefixes of well-known API keys and tokens (Anthropic and OpenAI sk-, GitHub, GitLab, Slack, AWS, Google, Stripe).</summary>
    private static readonly string[] Prefixes =
    {
        "sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xoxs-", "xapp-", "AKIA", "ASIA", "AIza",
        "rk_live_", "sk_live_", "npm_", "hf_",
    };

    /// <summary>Shortest value judged by its entropy: shorter random strings are rarely keys.</summary>
    public const int MinTokenLength = 24;

    /// <summary>Bits per character above which a long token-like value counts as random (hex tops out at 4.0; prose and paths stay below).</summary>
    public const double MinEntropy = 4.2;

    /// <summary>Why <paramref name="value"/> looks like a secret, or null.</summary>
    public static string? Looks(string value)
    {
        var trimmed = value.Trim();
        foreach (var prefix in Prefixes)
        {
            if (trimmed.StartsWith(prefix, StringComparison.Ordinal) && trimmed.Length >= prefix.Length + 8)
            {
                return $"it starts with '{prefix}', the prefix of an API key or token";
            }
        }

        if (trimmed.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0)
        {
            return "it holds a PEM block (a private key or certificate)";
        }

        if (trimmed.Length >= MinTokenLength && trimmed.All(IsTokenCharacter) && trimmed.Any(char.IsDigit) && trimmed.Any(char.IsLetter)
            && Entropy(trimmed) > MinEntropy)
        {
            return $"it is a {trimmed.Length}-character random-looking token";
        }

        return null;
    }

    private static bool IsTokenCharacter(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '+' or '/' or '=' or '.';

    /// <summary>Shannon entropy in bits per character.</summary>
    private static double Entropy(string text)
    {
        var counts = new Dictionary<char, int>();
        foreach (var c in text)
        {
            counts[c] = counts.TryGetValue(c, out var n) ? n + 1 : 1;
        }

        return -counts.Values.Select(n => (double)n / text.Length).Sum(p => p * Math.Log(p, 2));
    }
}
