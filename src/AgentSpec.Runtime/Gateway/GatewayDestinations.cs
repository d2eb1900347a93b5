using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// Decides where a connection may go: the host must be a declared destination (exact, or below a leftmost '*.'
/// wildcard, <see cref="EgressRule.Covers"/>) on a declared port; an IP literal only when that address is declared;
/// a name is resolved here, once, and every address it resolves to must pass <see cref="GatewayAddresses"/>: the
/// connection then goes to those checked addresses and nothing resolves the name again (DNS rebinding).
/// </summary>
internal sealed class GatewayDestinations
{
    private static readonly Regex HostName = new(
        @"^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant);

    private readonly GatewayPolicy _policy;
    private readonly IHostResolver _resolver;
    private readonly IReadOnlyCollection<IPAddress> _own;
    private readonly TimeSpan _timeout;

    public GatewayDestinations(GatewayPolicy policy, IHostResolver resolver, IReadOnlyCollection<IPAddress> own, TimeSpan timeout)
    {
        _policy = policy;
        _resolver = resolver;
        _own = own;
        _timeout = timeout;
    }

    /// <summary>Splits "host:port" (the CONNECT authority, or a URL's), with [v6] brackets; a 400 when malformed.</summary>
    public static (string Host, int Port) Authority(string authority, int? defaultPort)
    {
        string host;
        string? port = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0 || (close + 1 < authority.Length && authority[close + 1] != ':'))
            {
                throw new GatewayRefusal("a malformed address (expected [IPv6]:port)", 400);
            }

            host = authority.Substring(1, close - 1);
            port = close + 1 < authority.Length ? authority.Substring(close + 2) : null;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority.Substring(0, colon);
            port = colon < 0 ? null : authority.Substring(colon + 1);
            if (host.Contains(':'))
            {
                throw new GatewayRefusal("an IPv6 address must be written in brackets, [address]:port", 400);
            }
        }

        var number = defaultPort ?? 0;
        var written = port is not null
            && port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit) && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number);
        if ((port is null && defaultPort is null) || (port is not null && !written) || number is < 1 or > 65535)
        {
            throw new GatewayRefusal("a malformed port (expected host:port, the port 1 to 65535)", 400);
        }

        return (host.ToLowerInvariant().TrimEnd('.'), number);
    }

    /// <summary>The allowed target for <paramref name="host"/>:<paramref name="port"/>, or a <see cref="GatewayRefusal"/> saying why not.</summary>
    public async Task<GatewayTarget> CheckAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return Literal(host, literal, port);
        }

        if (host.Length > 253 || !HostName.IsMatch(host))
        {
            throw new GatewayRefusal($"'{host}' is not a host name", 400);
        }

        var covering = _policy.Destinations.Where(r => GatewayPolicy.Literal(r) is null && r.Covers(host)).ToList();
        if (covering.Count == 0)
        {
            throw new GatewayRefusal($"{host} is not a declared destination of group '{_policy.Group}'; declare it under egress: in groups.yaml");
        }

        // An exact rule wins over a wildcard that also covers the name.
        var declared = string.Join(", ", covering.Select(r => r.Port).Distinct());
        var rule = covering.Where(r => r.Port == port).OrderBy(r => r.IsWildcard).FirstOrDefault()
            ?? throw new GatewayRefusal($"port {port} is not declared for {host} (declared: {declared}); add port: {port} to its egress entry in groups.yaml");
        var addresses = await Resolve(host, cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            if (GatewayAddresses.Refusal(address, rule.AllowPrivate, _own) is { } why)
            {
                var hint = why.StartsWith("private", StringComparison.Ordinal)
                    ? "; if that is meant, write private: true on the destination in groups.yaml"
                    : string.Empty;
                throw new GatewayRefusal($"{host} resolves to {address}, {why}: the gateway connects only to public addresses{hint}");
            }
        }

        return new GatewayTarget(rule, host, port, addresses);
    }

    private GatewayTarget Literal(string host, IPAddress address, int port)
    {
        var judged = GatewayAddresses.Embedded(address);
        var declared = _policy.Destinations.Where(r => GatewayPolicy.Literal(r) is { } d && GatewayAddresses.Embedded(d).Equals(judged)).ToList();
        if (declared.Count == 0)
        {
            throw new GatewayRefusal($"{host} is an IP address that group '{_policy.Group}' does not declare; connect by a declared name");
        }

        var rule = declared.FirstOrDefault(r => r.Port == port)
            ?? throw new GatewayRefusal($"port {port} is not declared for {host} (declared: {string.Join(", ", declared.Select(r => r.Port).Distinct())})");
        if (GatewayAddresses.Refusal(judged, rule.AllowPrivate, _own) is { } why)
        {
            throw new GatewayRefusal($"{host} is {why}: the gateway never connects there");
        }

        return new GatewayTarget(rule, host, port, new[] { judged });
    }

    private async Task<IPAddress[]> Resolve(string host, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        IPAddress[] addresses;
        try
        {
            addresses = await _resolver.ResolveAsync(host, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"resolving {host} took longer than {_timeout.TotalSeconds:0} s" : $"{host} does not resolve";
            throw new GatewayRefusal(why, 502);
        }

        return addresses.Length == 0
            ? throw new GatewayRefusal($"{host} does not resolve", 502)
            : addresses.Select(GatewayAddresses.Embedded).Distinct().ToArray();
    }
}
