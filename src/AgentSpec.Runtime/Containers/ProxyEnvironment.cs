using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The one place the egress environment of a network: proxy container is built, for the engine (the proxy's address on
/// the run's network) and for Kubernetes (the proxy Service): the plan's variables without any proxy variable of
/// groups.yaml, then every proxy variable pointing at the proxy, with loopback exempt.
/// </summary>
internal static class ProxyEnvironment
{
    /// <summary>The variables a proxy-mode container gets; any of these from groups.yaml is replaced, never kept beside them.</summary>
    public static readonly string[] Variables = { "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy" };

    /// <summary>What NO_PROXY (and no_proxy) say: loopback goes direct.</summary>
    public const string NoProxy = "localhost,127.0.0.1";

    /// <summary>
    /// The container's variables: <paramref name="environment"/> as is when <paramref name="proxyUrl"/> is null (no proxy);
    /// otherwise without its proxy variables (any case) and with <see cref="Variables"/> set to <paramref name="proxyUrl"/>.
    /// </summary>
    /// <param name="caCertificate">
    /// Whether the container gets the proxy's CA at <see cref="GatewayPaths.AgentCaFolder"/>: then NODE_EXTRA_CA_CERTS names the
    /// CA alone (Node adds it to its roots) and SSL_CERT_FILE and REQUESTS_CA_BUNDLE the bundle of the host's roots and it.
    /// </param>
    public static List<T> Build<T>(IEnumerable<EnvVar> environment, string? proxyUrl, Func<string, string, T> variable, bool caCertificate = false)
    {
        var env = environment
            .Where(e => proxyUrl is null || !IsProxyVariable(e.Name))
            .Select(e => variable(e.Name, e.Value))
            .ToList();
        if (proxyUrl is not null)
        {
            env.AddRange(Variables.Select(name => variable(name, name.Equals("NO_PROXY", StringComparison.OrdinalIgnoreCase) ? NoProxy : proxyUrl)));
            if (caCertificate)
            {
                env.Add(variable("NODE_EXTRA_CA_CERTS", GatewayPaths.AgentCaFile));
                env.Add(variable("SSL_CERT_FILE", GatewayPaths.AgentBundleFile));
                env.Add(variable("REQUESTS_CA_BUNDLE", GatewayPaths.AgentBundleFile));
            }
        }

        return env;
    }

    /// <summary>Whether <paramref name="name"/> is one of <see cref="Variables"/>, in any case.</summary>
    public static bool IsProxyVariable(string name) => Variables.Contains(name, StringComparer.OrdinalIgnoreCase);
}
