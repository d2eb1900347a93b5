using System.Text.RegularExpressions;

namespace AgentSpec.App.Import;

/// <summary>
/// Which MCP env values are secrets, so they never reach groups.yaml: a known token prefix, a long high-entropy
/// string, or a value of eight or more characters under a name that says it is one (TOKEN, SECRET, PASSWORD, KEY, ...).
/// Wider than the compiler's own rule on purpose: a value moved to credentials.json by mistake costs nothing.
/// </summary>
internal static class SecretValues
{
    private static readonly string[] Prefixes = { "sk-", "ghp_", "gho_", "ghs_", "ghu_", "ghr_", "github_pat_", "xox", "AKIA", "ASIA", "glpat-", "AIza",
        "hf_", "npm_" };
    private static readonly Regex SecretName = new("TOKEN|SECRET|PASSWORD|PASSWD|PASS$|API_?KEY|_KEY$|^KEY$|PRIVATE|AUTH|CREDENTIAL|_PAT$|COOKIE|SESSION",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex CredentialName = new("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);

    public static bool IsSecret(string name, string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        return Prefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal)) || HighEntropy(value) || (SecretName.IsMatch(name) && value.Length >= 8);
    }

    /// <summary>A credential name (egress `credential:` grammar) made of <paramref name="parts"/>.</summary>
    public static string CredentialNameOf(params string[] parts)
    {
        var joined = Regex.Replace(string.Join("-", parts).ToLowerInvariant(), "[^a-z0-9_-]+", "-").Trim('-', '_');
        var name = joined.Length == 0 ? "credential" : joined.Length > 64 ? joined.Substring(0, 64).TrimEnd('-', '_') : joined;
        return CredentialName.IsMatch(name) ? name : "c" + name.Substring(0, Math.Min(63, name.Length));
    }

    private static bool HighEntropy(string value)
    {
        if (value.Length < 24 || value.Any(char.IsWhiteSpace) || value.Contains('/') && !value.Contains('+'))
        {
            return false;
        }

        var classes = new[] { value.Any(char.IsUpper), value.Any(char.IsLower), value.Any(char.IsDigit) }.Count(c => c);
        var entropy = value.GroupBy(c => c).Sum(g =>
        {
            var p = (double)g.Count() / value.Length;
            return -p * Math.Log2(p);
        });
        return classes >= 2 && entropy >= 3.5;
    }
}
