using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace AgentSpec.Runtime;

/// <summary>
/// The operator's egress proxy, for groups with <c>network: proxy</c>: the name of a container the operator runs
/// (attached to whatever outside network they choose) and the port it listens on. Host configuration outside the
/// project, next to the allowlist (egress-proxy.json in $XDG_CONFIG_HOME/agentspec/ or ~/.config/agentspec/), trusted only as the allowlist is
/// (<see cref="TrustedConfigFile"/>) and parsed as strictly: groups.yaml says which groups get the proxy, only the
/// operator says which proxy that is.
/// </summary>
internal sealed record EgressProxyConfig(string Container, int Port)
{
    public const string FileName = "egress-proxy.json";

    /// <summary>
    /// The absolute path of the proxy's CA certificate (PEM) for a proxy that terminates TLS (OneCLI, Squid with ssl-bump): the
    /// agent gets it read-only with NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and REQUESTS_CA_BUNDLE set; null: none. Trusted like this file.
    /// </summary>
    public string? CaCertificate { get; init; }

    /// <summary>A real configuration is two keys; anything near this size is not one.</summary>
    public const int MaxBytes = 64 * 1024;

    public const string Example = """
        {
          "container": "egress-proxy",
          "port": 3128
        }
        """;

    private static readonly string[] Keys = { "container", "port", "caCertificate" };

    // Docker's container name grammar.
    private static readonly Regex NamePattern = new("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$", RegexOptions.CultureInvariant);

    /// <summary>
    /// The configuration, or a <see cref="RuntimeError"/> saying what is wrong and what to write: a missing file is an error here, since only proxy-mode
    /// groups ask.
    /// </summary>
    public static EgressProxyConfig Load(string path, string groupId, IReadOnlyList<WritableFolder>? writable = null)
    {
        var file = TrustedConfigFile.Read(
            path,
            "the egress proxy configuration",
            MaxBytes,
            (described, size) => new RuntimeError($"the egress proxy configuration {described} is {size} bytes, more than the {MaxBytes} bytes it may have; nothing was read. Write the two keys it has, e.g.:{Environment.NewLine}{Example}"),
            writable);
        if (file is null)
        {
            throw new RuntimeError(
                $"group '{groupId}' has network: proxy, but there is no egress proxy configuration at {path}. Run your proxy as a container attached to the outside network you choose " +
                $"(e.g. docker run -d --name egress-proxy --network <outside> <proxy image>) and name it there, e.g.:{Environment.NewLine}{Example}{Environment.NewLine}" +
                "or write network: none for the group in groups.yaml. Nothing was started");
        }

        return Parse(file.Value.Bytes, file.Value.Described);
    }

    /// <summary>Parses the configuration strictly: unknown, missing or duplicate keys and wrong types are errors, all listed at once.</summary>
    public static EgressProxyConfig Parse(byte[] utf8, string source)
    {
        using (var doc = StrictJson.Parse(utf8, problems => Malformed(source, problems), out var errors))
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Malformed(source, new[] { "the top level must be an object with container and port" });
            }

            errors.AddRange(root.EnumerateObject().Where(p => !Keys.Contains(p.Name)).Select(p => $"unknown key '{p.Name}'; it has only "
                + $"container, port and caCertificate"));
            string? container = null;
            if (!root.TryGetProperty("container", out var c))
            {
                errors.Add("container is missing; write the name of your proxy container");
            }
            else if (c.ValueKind != JsonValueKind.String || !NamePattern.IsMatch(c.GetString()!))
            {
                errors.Add("container must be a container name (letters, digits, '_', '.', '-', starting with a letter or digit)");
            }
            else
            {
                container = c.GetString();
            }

            var port = 0;
            if (!root.TryGetProperty("port", out var p))
            {
                errors.Add("port is missing; write the port your proxy listens on, e.g. 3128");
            }
            else if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out port) || port is < 1 or > 65535)
            {
                errors.Add("port must be a whole number from 1 to 65535");
            }

            string? ca = null;
            if (root.TryGetProperty("caCertificate", out var caValue))
            {
                ca = caValue.ValueKind == JsonValueKind.String ? caValue.GetString() : null;
                if (ca is null || !System.IO.Path.IsPathRooted(ca))
                {
                    errors.Add("caCertificate must be the absolute path of your proxy's CA certificate (PEM), e.g. \"/etc/onecli/ca.pem\"");
                }
            }

            if (errors.Count > 0)
            {
                throw Malformed(source, errors);
            }

            return new EgressProxyConfig(container!, port) { CaCertificate = ca };
        }
    }

    /// <summary>The proxy's CA certificate, read the way this file is (trusted, bounded); null when none is configured.</summary>
    public byte[]? ReadCaCertificate(IReadOnlyList<WritableFolder>? writable)
    {
        if (CaCertificate is not { } path)
        {
            return null;
        }

        var file = TrustedConfigFile.Read(path, "the egress proxy's CA certificate", MaxBytes, (described, size) =>
            new RuntimeError($"the egress proxy's CA certificate {described} is {size} bytes, more than the {MaxBytes} bytes a CA certificate "
                + $"needs; name the PEM file of the CA alone"), writable)
            ?? throw new RuntimeError($"the egress proxy configuration names caCertificate {path}, which does not exist; write your proxy's CA "
                + $"certificate (PEM) there or remove caCertificate");
        if (!System.Text.Encoding.ASCII.GetString(file.Bytes).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            throw new RuntimeError($"the egress proxy's CA certificate {file.Described} holds no PEM certificate (-----BEGIN CERTIFICATE-----); "
                + $"name your proxy's CA certificate");
        }

        return file.Bytes;
    }

    private static RuntimeError Malformed(string source, IEnumerable<string> problems) =>
        new($"the egress proxy configuration {source} is malformed:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "  - " + p))}{Environment.NewLine}Fix it, e.g.:{Environment.NewLine}{Example}");
}
