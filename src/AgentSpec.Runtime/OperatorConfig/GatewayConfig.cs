using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentSpec.Runtime;

/// <summary>
/// The operator's settings for AgentSpec's egress gateway (groups with <c>egress:</c>): the engine network through
/// which the gateway reaches the declared destinations (<see cref="UpstreamNetwork"/>; only the gateway joins it,
/// never an agent), optionally another gateway image, a CA bundle the gateway trusts for upstream TLS (e.g. a
/// corporate TLS-inspecting proxy's, or a test's) and the log format. gateway.json beside the allowlist, trusted
/// and parsed exactly as egress-proxy.json (<see cref="TrustedConfigFile"/>, <see cref="StrictJson"/>): groups.yaml
/// says where a group may connect, only the operator says through which network.
/// </summary>
internal sealed record GatewayConfig(string UpstreamNetwork)
{
    public const string FileName = "gateway.json";

    public const int MaxBytes = 64 * 1024;

    public const string Example = """
        {
          "upstreamNetwork": "agentspec-upstream"
        }
        """;

    private static readonly string[] Keys = { "upstreamNetwork", "image", "upstreamCa", "logFormat" };

    // Docker's network and image name grammars (an image reference is re-checked by ImageReference).
    private static readonly Regex NamePattern = new("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$", RegexOptions.CultureInvariant);

    /// <summary>The gateway image; null: <see cref="GatewayImage.DefaultTag"/>, the image AgentSpec imports from its own executable.</summary>
    public string? Image { get; init; }

    /// <summary>An absolute path of a PEM bundle the gateway trusts for upstream TLS, besides the system store in its image; null: none.</summary>
    public string? UpstreamCa { get; init; }

    /// <summary>"text" (default) or "json": the format of the connection log the host keeps.</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>The configuration, or a <see cref="RuntimeError"/> saying what to write; a missing file is an error, since only egress groups ask.</summary>
    public static GatewayConfig Load(string path, string groupId, IReadOnlyList<WritableFolder>? writable = null)
    {
        var file = TrustedConfigFile.Read(
            path,
            "the gateway configuration",
            MaxBytes,
            (described, size) => new RuntimeError($"the gateway configuration {described} is {size} bytes, more than the {MaxBytes} bytes it may have; " +
                $"nothing was read. Write the keys it has, e.g.:{Environment.NewLine}{Example}"),
            writable);
        if (file is null)
        {
            throw new RuntimeError(
                $"group '{groupId}' has egress, so it runs behind AgentSpec's egress gateway, but there is no gateway configuration at {path}. " +
                $"Name the engine network through which the gateway reaches the declared hosts (only the gateway joins it; create it with " +
                $"docker network create agentspec-upstream, or use one that reaches your outside world), "
                    + $"e.g.:{Environment.NewLine}{Example}{Environment.NewLine}" +
                "or remove the group's egress in groups.yaml. Nothing was started");
        }

        return Parse(file.Value.Bytes, file.Value.Described);
    }

    /// <summary>Parses strictly: unknown, missing or duplicate keys and wrong types are errors, all listed at once.</summary>
    public static GatewayConfig Parse(byte[] utf8, string source)
    {
        using var doc = StrictJson.Parse(utf8, problems => Malformed(source, problems), out var errors);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(source, new[] { "the top level must be an object with upstreamNetwork" });
        }

        errors.AddRange(root.EnumerateObject().Where(p => !Keys.Contains(p.Name))
            .Select(p => $"unknown key '{p.Name}'; it has only {string.Join(", ", Keys)}"));
        var network = Text(root, "upstreamNetwork", errors, required: true);
        if (network is not null && !NamePattern.IsMatch(network))
        {
            errors.Add("upstreamNetwork must be an engine network name (letters, digits, '_', '.', '-', starting with a letter or digit)");
        }

        var image = Text(root, "image", errors, required: false);
        if (image is not null && Core.Checks.ImageReference.Refusal(image) is { } refusal)
        {
            errors.Add($"image: {refusal}");
        }

        var ca = Text(root, "upstreamCa", errors, required: false);
        if (ca is not null && !System.IO.Path.IsPathRooted(ca))
        {
            errors.Add("upstreamCa must be an absolute path of a PEM file");
        }

        var format = Text(root, "logFormat", errors, required: false);
        if (format is not null and not ("text" or "json"))
        {
            errors.Add("logFormat must be \"text\" or \"json\"");
        }

        if (errors.Count > 0)
        {
            throw Malformed(source, errors);
        }

        return new GatewayConfig(network!) { Image = image, UpstreamCa = ca, LogFormat = format ?? "text" };
    }

    private static string? Text(JsonElement root, string key, List<string> errors, bool required)
    {
        if (!root.TryGetProperty(key, out var value))
        {
            if (required)
            {
                errors.Add($"{key} is missing; write the name of the engine network the gateway reaches the declared hosts through");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
        {
            errors.Add($"{key} must be a non-empty string");
            return null;
        }

        return text;
    }

    private static RuntimeError Malformed(string source, IEnumerable<string> problems) =>
        new($"the gateway configuration {source} is malformed:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}" +
            $"{Environment.NewLine}Fix it, e.g.:{Environment.NewLine}{Example}");
}
