using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// agentspec gateway --policy FILE [--credentials FILE] --listen ADDR:PORT [--ca-dir DIR] [--log-format text|json]
/// [--upstream-ca FILE]: AgentSpec's egress gateway for one group session (docs/running.md). Runs until SIGINT or
/// SIGTERM; a bad argument exits 2, a file it cannot use exits 1, before anything listens.
/// </summary>
internal static class GatewayCommand
{
    public static Command Create(CliContext context)
    {
        var policy = new Option<string>("--policy")
        {
            Description = "The group session's gateway policy (policy.json, written from the plan).",
            Required = true,
        };
        var credentials = new Option<string?>("--credentials")
        {
            Description = "The operator's credentials file, for destinations with a credential "
                + "(default: none; the host's is $XDG_CONFIG_HOME/agentspec/credentials.json).",
        };
        var listen = new Option<string>("--listen") { Description = "Address and port to listen on, e.g. 127.0.0.1:3128 or [::]:3128.", Required = true };
        var caDir = new Option<string?>("--ca-dir")
        {
            Description = "Folder of the gateway's CA (ca.crt, ca.key at 0600), created when absent; needed for destinations with a credential.",
        };
        var format = new Option<string>("--log-format")
        {
            Description = "How connections are logged on stdout: text or json (one object a line).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var upstreamCa = new Option<string?>("--upstream-ca")
        {
            Description = "PEM file of CA certificates to trust for upstream TLS instead of the system store (a test or private CA).",
        };
        var command = new Command(
            "gateway",
            "Run AgentSpec's egress gateway for one group session: an HTTP proxy (CONNECT and absolute-form HTTP) that lets the agent reach only the "
            + "policy's destinations, checks TLS server names, refuses private and loopback addresses, adds credentials, and logs every connection.")
        {
            policy, credentials, listen, caDir, format, upstreamCa,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var endpoint = Endpoint(parse.GetValue(listen)!);
            var options = new GatewayOptions { Listen = endpoint, UpstreamTrust = Trust(context, parse.GetValue(upstreamCa)) };
            using var signals = new ShutdownSignals(
                cancellationToken, context.Error, context.IsProcess, "stopping the gateway; its open connections are closed");
            EgressGateway gateway;
            try
            {
                var loaded = GatewayPolicy.Load(context.FullPath(parse.GetValue(policy)!));
                var file = parse.GetValue(credentials) is { } path ? CredentialFile.Load(context.FullPath(path)) : null;
                var authority = parse.GetValue(caDir) is { } dir && loaded.Destinations.Any(d => d.Credential is not null)
                    ? GatewayCertificateAuthority.LoadOrCreate(context.FullPath(dir))
                    : null;
                gateway = EgressGateway.Start(loaded, options, context.Out, parse.GetValue(format) == "json", file, authority);
            }
            catch (RuntimeError e)
            {
                throw new CliException(e.Message + Environment.NewLine + "The gateway did not start.", ExitCodes.Failed);
            }

            await gateway.RunAsync(signals.Token);
            return ExitCodes.Success;
        });
        return command;
    }

    private static IPEndPoint Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon < 0 ? string.Empty : text.Substring(0, colon).Trim('[', ']');
        if (colon < 0 || !IPAddress.TryParse(host, out var address)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 0 or > 65535)
        {
            throw new CliException($"--listen '{text}' is not ADDRESS:PORT; write e.g. 127.0.0.1:3128, 0.0.0.0:3128 or [::]:3128", ExitCodes.Usage);
        }

        return new IPEndPoint(address, port);
    }

    private static X509Certificate2Collection? Trust(CliContext context, string? path)
    {
        if (path is null)
        {
            return null;
        }

        var full = context.FullPath(path);
        var trust = new X509Certificate2Collection();
        try
        {
            trust.ImportFromPemFile(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            var why = e is FileNotFoundException ? "no such file" : "not a PEM certificate file";
            throw new CliException($"--upstream-ca {full} cannot be read as PEM certificates ({why})", ExitCodes.Usage);
        }

        return trust.Count == 0
            ? throw new CliException($"--upstream-ca {full} holds no certificate; give a PEM file with -----BEGIN CERTIFICATE-----", ExitCodes.Usage)
            : trust;
    }
}
