using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// What one gateway enforces for one group session: the policy.json written from the plan (by the Kubernetes
/// renderer and by the host for local runs) and read by <c>agentspec gateway --policy</c>:
/// <c>{"group","session","destinations":[{"host","port","credential"?,"private"?}]}</c>. A credential is a name; its
/// value lives only in the operator's credentials.json. "private" is written only for a destination that says
/// private: true in groups.yaml. The one model, its writer and its strict parser (unknown keys, duplicates, wrong
/// types are errors, all listed at once).
/// </summary>
internal sealed record GatewayPolicy(string Group, string Session, IReadOnlyList<EgressRule> Destinations)
{
    /// <summary>A policy lists a group's destinations: far below this.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly string[] TopKeys = { "group", "session", "destinations" };
    private static readonly string[] DestinationKeys = { "host", "port", "credential", "private" };
    private static readonly Regex Name = new(
        @"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);

    /// <summary>The policy of <paramref name="plan"/>'s session <paramref name="session"/>: its egress, in file order.</summary>
    public static GatewayPolicy From(GroupPlan plan, string session) => new(plan.Id, session, plan.Egress.ToArray());

    /// <summary>The address of an IP-literal destination; null for a name.</summary>
    public static IPAddress? Literal(EgressRule rule) => IPAddress.TryParse(rule.Host, out var address) ? address : null;

    /// <summary>Reads and parses the policy file at <paramref name="path"/> (bounded); a <see cref="RuntimeError"/> says what is wrong.</summary>
    public static GatewayPolicy Load(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            if (stream.Length > MaxBytes)
            {
                throw new RuntimeError(
                    $"the gateway policy {path} is {stream.Length} bytes, more than the {MaxBytes} bytes a policy may have; nothing was read");
            }

            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "there is no such file" : "permission denied or not a file";
            throw new RuntimeError($"cannot read the gateway policy {path}: {why}; " +
                "write it with agentspec render kubernetes, or give the file the host wrote for this group session");
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses policy JSON (UTF-8) strictly; <paramref name="source"/> names the file in errors.</summary>
    public static GatewayPolicy Parse(byte[] utf8, string source)
    {
        using var doc = StrictJson.Parse(utf8, problems => Malformed(source, problems), out var errors);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(source, new[] { "the top level must be an object with group, session and destinations" });
        }

        errors.AddRange(root.EnumerateObject().Where(p => !TopKeys.Contains(p.Name))
            .Select(p => $"unknown key '{p.Name}'; a policy has only group, session, destinations"));
        var group = Text(root, "group", errors);
        var session = Text(root, "session", errors);
        var destinations = new List<EgressRule>();
        if (!root.TryGetProperty("destinations", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("destinations must be an array of { host, port, credential?, private? }");
        }
        else
        {
            var i = 0;
            foreach (var entry in list.EnumerateArray())
            {
                if (Destination(entry, $"destinations[{i++}]", errors) is { } rule)
                {
                    destinations.Add(rule);
                }
            }
        }

        if (errors.Count > 0)
        {
            throw Malformed(source, errors);
        }

        return new GatewayPolicy(group!, session!, destinations);
    }

    /// <summary>This policy as policy.json (compact, keys in the contract's order).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("group", Group);
            writer.WriteString("session", Session);
            writer.WriteStartArray("destinations");
            foreach (var rule in Destinations)
            {
                writer.WriteStartObject();
                writer.WriteString("host", rule.Host);
                writer.WriteNumber("port", rule.Port);
                if (rule.Credential is { } credential)
                {
                    writer.WriteString("credential", credential);
                }

                if (rule.AllowPrivate)
                {
                    writer.WriteBoolean("private", true);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static EgressRule? Destination(JsonElement entry, string where, List<string> errors)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where} must be an object {{ host, port, credential?, private? }}");
            return null;
        }

        var count = errors.Count;
        errors.AddRange(entry.EnumerateObject().Where(p => !DestinationKeys.Contains(p.Name))
            .Select(p => $"{where} has the unknown key '{p.Name}'; a destination has only host, port, credential, private"));
        var host = entry.TryGetProperty("host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : null;
        if (host is null || !(Name.IsMatch(host) || IPAddress.TryParse(host, out _)))
        {
            errors.Add($"{where}.host must be a lower-case host name, a leftmost '*.' wildcard or an IP address");
        }

        var port = 0;
        if (!entry.TryGetProperty("port", out var p) || p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out port) || port is < 1 or > 65535)
        {
            errors.Add($"{where}.port must be a whole number from 1 to 65535");
        }

        string? credential = null;
        if (entry.TryGetProperty("credential", out var c) && (c.ValueKind != JsonValueKind.String || !CredentialFile.IsName(credential = c.GetString()!)))
        {
            errors.Add($"{where}.credential must be a credential name (lower-case letters, digits, '_', '-')");
        }

        var isPrivate = false;
        if (entry.TryGetProperty("private", out var priv))
        {
            if (priv.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                isPrivate = priv.GetBoolean();
            }
            else
            {
                errors.Add($"{where}.private must be true or false");
            }
        }

        return errors.Count == count ? new EgressRule(host!, port, credential) { AllowPrivate = isPrivate } : null;
    }

    private static string? Text(JsonElement root, string key, List<string> errors)
    {
        if (root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        errors.Add($"{key} must be a non-empty string");
        return null;
    }

    private static RuntimeError Malformed(string source, IEnumerable<string> problems) =>
        new($"the gateway policy {source} is malformed:{Environment.NewLine}" +
            $"{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}{Environment.NewLine}" +
            "It is written from the plan (agentspec render kubernetes, or the host for a local run), e.g. " +
            "{\"group\":\"main\",\"session\":\"default\",\"destinations\":[{\"host\":\"api.anthropic.com\",\"port\":443,\"credential\":\"anthropic\"}]}");
}
