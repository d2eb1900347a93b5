using System.Text.Json;

namespace AgentSpec.App.Import;

/// <summary>
/// NanoClaw's mount allowlist (~/.config/nanoclaw/mount-allowlist.json) read the way NanoClaw v2.0.64 reads it
/// (src/modules/mount-security): plain JSON.parse, allowedRoots and blockedPatterns must be arrays or the whole file is
/// refused (and every additional mount with it), its default blocked patterns merged in, nonMainReadOnly not read.
/// </summary>
internal sealed record NanoClawAllowlist(string Path, IReadOnlyList<NanoClawRoot> Roots, IReadOnlyList<string> UserPatterns, bool? NonMainReadOnly,
    string? Error)
{
    /// <summary>NanoClaw's DEFAULT_BLOCKED_PATTERNS, merged with the file's.</summary>
    public static readonly IReadOnlyList<string> DefaultPatterns = new[]
    {
        ".ssh", ".gnupg", ".gpg", ".aws", ".azure", ".gcloud", ".kube", ".docker", "credentials", ".env", ".netrc", ".npmrc", ".pypirc",
        "id_rsa", "id_ed25519", "private_key", ".secret",
    };

    public const int MaxBytes = 1024 * 1024;

    /// <summary>The patterns NanoClaw checks: its defaults, then the file's.</summary>
    public IEnumerable<string> Patterns => DefaultPatterns.Concat(UserPatterns).Distinct(StringComparer.Ordinal);

    /// <summary>The allowlist at <paramref name="path"/>, or one whose <see cref="Error"/> says why NanoClaw would not load it.</summary>
    public static NanoClawAllowlist Load(string path)
    {
        var none = new NanoClawAllowlist(path, Array.Empty<NanoClawRoot>(), Array.Empty<string>(), null, null);
        if (!File.Exists(path))
        {
            return none with { Error = $"no mount allowlist at {path}" };
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                return none with { Error = $"{path} is {info.Length} bytes, not an allowlist" };
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return none with { Error = $"{path} cannot be read ({e.GetType().Name})" };
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return Read(doc.RootElement, none);
        }
        catch (JsonException e)
        {
            return none with { Error = $"{path} is not valid JSON (line {(e.LineNumber ?? 0) + 1})" };
        }
    }

    private static NanoClawAllowlist Read(JsonElement root, NanoClawAllowlist none)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("allowedRoots", out var allowed) || allowed.ValueKind != JsonValueKind.Array)
        {
            return none with { Error = $"{none.Path}: allowedRoots must be an array (NanoClaw refuses the file and blocks every additional mount)" };
        }

        if (!root.TryGetProperty("blockedPatterns", out var blocked) || blocked.ValueKind != JsonValueKind.Array)
        {
            return none with { Error = $"{none.Path}: blockedPatterns must be an array (NanoClaw refuses the file and blocks every additional mount)" };
        }

        var roots = allowed.EnumerateArray().Select((e, i) => Root(e, i)).ToList();
        var patterns = blocked.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!).ToList();
        bool? nonMain = root.TryGetProperty("nonMainReadOnly", out var n) && n.ValueKind is JsonValueKind.True or JsonValueKind.False ? n.GetBoolean() : null;
        return none with { Roots = roots, UserPatterns = patterns, NonMainReadOnly = nonMain };
    }

    private static NanoClawRoot Root(JsonElement entry, int index)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            var shown = entry.ValueKind == JsonValueKind.String
                ? $"the plain string \"{entry.GetString()}\"" : $"a {entry.ValueKind.ToString().ToLowerInvariant()}";
            return new NanoClawRoot(index, null, false, null, null, $"allowedRoots[{index}] is {shown}, not an object with path and allowReadWrite");
        }

        var path = entry.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        var readWrite = entry.TryGetProperty("allowReadWrite", out var rw) && Truthy(rw);
        bool? readOnly = entry.TryGetProperty("readOnly", out var ro) && ro.ValueKind is JsonValueKind.True or JsonValueKind.False ? ro.GetBoolean() : null;
        var description = entry.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var problem = string.IsNullOrEmpty(path) ? $"allowedRoots[{index}] has no path string" : null;
        return new NanoClawRoot(index, path, readWrite, readOnly, description, problem);
    }

    // JavaScript truthiness, which is what `!allowedRoot.allowReadWrite` tests.
    private static bool Truthy(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.String => e.GetString()!.Length > 0,
        JsonValueKind.Number => e.GetDouble() != 0,
        JsonValueKind.Object or JsonValueKind.Array => true,
        _ => false,
    };
}
